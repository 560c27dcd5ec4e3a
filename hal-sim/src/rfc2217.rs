//! `esprit serve --rfc2217 HOST:PORT`: the board's serial port over RFC 2217 (Telnet
//! COM-PORT-OPTION), so clients reach it as `rfc2217://HOST:PORT` — esptool and mpremote
//! through pyserial — with their real DTR/RTS reset sequences and baud-rate changes. One client
//! at a time, as a serial port has; when it leaves, the lines drop as a closed USB port's do.
//! The URL to connect to is the first line on stdout (ask for port 0 to get a free one).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::session::{self, Device, Input, Options};

// Telnet (RFC 854) and COM-PORT-OPTION (RFC 2217) codes.
const IAC: u8 = 255;
const DONT: u8 = 254;
const DO: u8 = 253;
const WONT: u8 = 252;
const WILL: u8 = 251;
const SB: u8 = 250;
const SE: u8 = 240;
const BINARY: u8 = 0;
const ECHO: u8 = 1;
const SGA: u8 = 3;
const COM_PORT_OPTION: u8 = 44;

const SET_BAUDRATE: u8 = 1;
const SET_CONTROL: u8 = 5;
const FLOWCONTROL_SUSPEND: u8 = 8;
const FLOWCONTROL_RESUME: u8 = 9;
const PURGE_DATA: u8 = 12;
/// A server's answer to client command N is N + 100.
const SERVER_OFFSET: u8 = 100;

const CONTROL_DTR_ON: u8 = 8;
const CONTROL_DTR_OFF: u8 = 9;
const CONTROL_RTS_ON: u8 = 11;
const CONTROL_RTS_OFF: u8 = 12;
const CONTROL_DTR_QUERY: u8 = 7;
const CONTROL_RTS_QUERY: u8 = 10;

/// The connected client, shared by the reader (negotiation answers) and the board (data).
type Client = Arc<Mutex<Option<TcpStream>>>;

fn send_raw(client: &Client, bytes: &[u8]) {
    if let Ok(mut guard) = client.lock()
        && let Some(stream) = guard.as_mut()
        && stream.write_all(bytes).is_err()
    {
        // A client that stopped reading is as good as gone.
        *guard = None;
    }
}

/// Data bytes with IAC doubled.
fn escape(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for &b in bytes {
        out.push(b);
        if b == IAC {
            out.push(IAC);
        }
    }
    out
}

/// Serves the board until killed.
pub fn serve(addr: &str, device: &mut dyn Device) -> u8 {
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("esprit: cannot listen on {addr}: {e}");
            return 1;
        }
    };
    match listener.local_addr() {
        Ok(local) => println!("rfc2217://{local}"),
        Err(e) => {
            eprintln!("esprit: {e}");
            return 1;
        }
    }
    let _ = std::io::stdout().flush();
    let client: Client = Arc::new(Mutex::new(None));
    let (send, receive) = mpsc::channel();
    let accept_client = client.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            serve_client(stream, &accept_client, &send);
        }
    });
    let options = Options { quit_byte: None };
    session::run(
        device,
        &receive,
        &mut |bytes| send_raw(&client, &escape(bytes)),
        &options,
    );
    0
}

/// Talks to one client until it disconnects.
fn serve_client(stream: TcpStream, client: &Client, input: &Sender<Input>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let Ok(mut reader) = stream.try_clone() else {
        return;
    };
    if let Ok(mut guard) = client.lock() {
        *guard = Some(stream);
    }
    let mut telnet = Telnet::default();
    // Ask for a binary path both ways; the client asks for the COM port option itself.
    for (command, option) in [(WILL, BINARY), (DO, BINARY)] {
        telnet.offer(command, option, client);
    }
    let mut buf = [0u8; 4096];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let events = telnet.receive(buf.get(..n).unwrap_or_default(), client);
                if events.into_iter().any(|e| input.send(e).is_err()) {
                    return;
                }
            }
        }
    }
    if let Ok(mut guard) = client.lock() {
        *guard = None;
    }
    // The port closed: a USB-serial adapter drops DTR and RTS.
    let _ = input.send(Input::Lines {
        dtr: false,
        rts: false,
    });
}

#[derive(Default)]
enum State {
    #[default]
    Data,
    Iac,
    Negotiate(u8),
    Sub(Vec<u8>),
    SubIac(Vec<u8>),
}

/// The Telnet side of one connection: splits data from commands and answers them.
#[derive(Default)]
struct Telnet {
    state: State,
    /// Options we agreed to do (WILL sent) and the client agreed to do (DO sent).
    we_will: Vec<u8>,
    they_will: Vec<u8>,
    dtr: bool,
    rts: bool,
}

impl Telnet {
    fn offer(&mut self, command: u8, option: u8, client: &Client) {
        match command {
            WILL => self.we_will.push(option),
            DO => self.they_will.push(option),
            _ => {}
        }
        send_raw(client, &[IAC, command, option]);
    }

    fn receive(&mut self, bytes: &[u8], client: &Client) -> Vec<Input> {
        let mut events = Vec::new();
        let mut data = Vec::new();
        for &b in bytes {
            self.state = match core::mem::take(&mut self.state) {
                State::Data if b == IAC => State::Iac,
                State::Data => {
                    data.push(b);
                    State::Data
                }
                State::Iac => match b {
                    IAC => {
                        data.push(IAC);
                        State::Data
                    }
                    SB => State::Sub(Vec::new()),
                    DO | DONT | WILL | WONT => State::Negotiate(b),
                    // NOP, break and the like mean nothing to a serial port.
                    _ => State::Data,
                },
                State::Negotiate(command) => {
                    self.negotiate(command, b, client);
                    State::Data
                }
                State::Sub(mut sub) if b == IAC => {
                    sub.truncate(64);
                    State::SubIac(sub)
                }
                State::Sub(mut sub) => {
                    sub.push(b);
                    State::Sub(sub)
                }
                State::SubIac(mut sub) => match b {
                    SE => {
                        if !data.is_empty() {
                            events.push(Input::Bytes(core::mem::take(&mut data)));
                        }
                        events.extend(self.subnegotiation(&sub, client));
                        State::Data
                    }
                    _ => {
                        sub.push(b);
                        State::Sub(sub)
                    }
                },
            };
        }
        if !data.is_empty() {
            events.push(Input::Bytes(data));
        }
        events
    }

    fn negotiate(&mut self, command: u8, option: u8, client: &Client) {
        let supported = matches!(option, BINARY | SGA | ECHO | COM_PORT_OPTION);
        match command {
            // ECHO is agreed to keep clients happy, as pyserial's own server does, but a serial
            // port never echoes.
            DO if supported && !self.we_will.contains(&option) => self.offer(WILL, option, client),
            DO if !supported => send_raw(client, &[IAC, WONT, option]),
            WILL if supported && option != ECHO && !self.they_will.contains(&option) => {
                self.offer(DO, option, client)
            }
            WILL if !supported || option == ECHO => send_raw(client, &[IAC, DONT, option]),
            _ => {}
        }
    }

    fn subnegotiation(&mut self, sub: &[u8], client: &Client) -> Vec<Input> {
        let [COM_PORT_OPTION, command, value @ ..] = sub else {
            return Vec::new();
        };
        let mut events = Vec::new();
        let mut answer = value.to_vec();
        match *command {
            // Any rate is accepted: the virtual UART has no clock to get wrong. 0 asks.
            SET_BAUDRATE if value == [0, 0, 0, 0] => answer = 115_200u32.to_be_bytes().to_vec(),
            SET_CONTROL => match value.first().copied() {
                Some(CONTROL_DTR_ON) => self.dtr = true,
                Some(CONTROL_DTR_OFF) => self.dtr = false,
                Some(CONTROL_RTS_ON) => self.rts = true,
                Some(CONTROL_RTS_OFF) => self.rts = false,
                Some(CONTROL_DTR_QUERY) => {
                    answer = vec![if self.dtr {
                        CONTROL_DTR_ON
                    } else {
                        CONTROL_DTR_OFF
                    }]
                }
                Some(CONTROL_RTS_QUERY) => {
                    answer = vec![if self.rts {
                        CONTROL_RTS_ON
                    } else {
                        CONTROL_RTS_OFF
                    }]
                }
                _ => {}
            },
            PURGE_DATA => events.push(Input::Purge),
            FLOWCONTROL_SUSPEND | FLOWCONTROL_RESUME => return events,
            _ => {}
        }
        if *command == SET_CONTROL
            && matches!(
                value.first(),
                Some(&(CONTROL_DTR_ON | CONTROL_DTR_OFF | CONTROL_RTS_ON | CONTROL_RTS_OFF))
            )
        {
            events.push(Input::Lines {
                dtr: self.dtr,
                rts: self.rts,
            });
        }
        let mut reply = vec![
            IAC,
            SB,
            COM_PORT_OPTION,
            command.saturating_add(SERVER_OFFSET),
        ];
        reply.extend(escape(&answer));
        reply.extend([IAC, SE]);
        send_raw(client, &reply);
        events
    }
}
