//! How a board's DTR/RTS lines reach the chip's EN (reset) and boot strapping pin.
//!
//! A USB-UART DevKit drives EN from RTS and GPIO0/GPIO9 from DTR through two cross-coupled
//! transistors (esptool docs, boot-mode-selection.rst): DTR,RTS asserted → EN,IO0 =
//! (F,F)→(1,1), (F,T)→(0,1) in reset, (T,F)→(1,0) boot pin low, (T,T)→(1,1). EN has an RC delay, so
//! passing through (T,T) for a moment between (F,T) and (T,F) — as esptool's classic reset does
//! with two separate line changes, each acknowledged over RFC 2217 — does not release the
//! reset: (T,T) keeps EN as it was. The chip samples the boot pin when EN rises.
//!
//! The ESP32-C3's own USB-Serial/JTAG port has no transistors: it resets the chip while RTS
//! is asserted and DTR is not, and a DTR-only state seen before that reset selects download
//! mode (esptool's `USBJTAGSerialReset` sequence relies on this).

/// Which circuit connects the lines to the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResetCircuit {
    /// A USB-UART bridge with the two-transistor auto-reset circuit (DevKitC, DevKitM-1).
    #[default]
    AutoReset,
    /// The ESP32-C3/S3 built-in USB-Serial/JTAG controller.
    UsbSerialJtag,
}

/// What a change of the lines did to the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEvent {
    /// Nothing the chip notices.
    None,
    /// EN went low: the chip stops.
    HeldInReset,
    /// EN rose: the chip starts, in download mode or booting from flash.
    Released { download: bool },
}

/// The line state and the circuit's memory of it.
#[derive(Debug, Clone)]
pub struct ResetLines {
    circuit: ResetCircuit,
    dtr: bool,
    rts: bool,
    /// EN is low (the chip is held in reset).
    in_reset: bool,
    /// USB-Serial/JTAG: DTR alone was asserted since the last reset.
    download_requested: bool,
}

impl ResetLines {
    /// Lines deasserted, chip running (a port nobody has opened).
    pub fn new(circuit: ResetCircuit) -> ResetLines {
        ResetLines {
            circuit,
            dtr: false,
            rts: false,
            in_reset: false,
            download_requested: false,
        }
    }

    pub fn in_reset(&self) -> bool {
        self.in_reset
    }

    /// Is the boot pin held low now (what a watchdog reset samples)?
    pub fn boot_pin_low(&self) -> bool {
        self.dtr && !self.rts
    }

    /// The host set DTR and RTS (true = asserted).
    pub fn set(&mut self, dtr: bool, rts: bool) -> LineEvent {
        self.dtr = dtr;
        self.rts = rts;
        match self.circuit {
            ResetCircuit::AutoReset => {
                let en_low = match (dtr, rts) {
                    (false, true) => true,
                    (true, true) => self.in_reset,
                    _ => false,
                };
                self.transition(en_low, dtr && !rts)
            }
            ResetCircuit::UsbSerialJtag => {
                if dtr && !rts {
                    self.download_requested = true;
                }
                let en_low = !dtr && rts;
                let download = self.download_requested || dtr;
                let event = self.transition(en_low, download);
                if matches!(event, LineEvent::Released { .. }) {
                    self.download_requested = false;
                }
                event
            }
        }
    }

    fn transition(&mut self, en_low: bool, download: bool) -> LineEvent {
        match (self.in_reset, en_low) {
            (false, true) => {
                self.in_reset = true;
                LineEvent::HeldInReset
            }
            (true, false) => {
                self.in_reset = false;
                LineEvent::Released { download }
            }
            _ => LineEvent::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(circuit: ResetCircuit, steps: &[(bool, bool)]) -> Vec<LineEvent> {
        let mut lines = ResetLines::new(circuit);
        steps
            .iter()
            .map(|&(d, r)| lines.set(d, r))
            .filter(|e| *e != LineEvent::None)
            .collect()
    }

    #[test]
    fn esptool_classic_reset_enters_download_mode() {
        // pyserial opens with both asserted; ClassicReset: DTR=F, RTS=T, wait, DTR=T, RTS=F,
        // wait, DTR=F.
        let steps = [
            (true, false),
            (true, true),
            (false, true),
            (true, true),
            (true, false),
            (false, false),
        ];
        assert_eq!(
            run(ResetCircuit::AutoReset, &steps),
            [
                LineEvent::HeldInReset,
                LineEvent::Released { download: true }
            ]
        );
    }

    #[test]
    fn a_hard_reset_boots_from_flash() {
        let steps = [(false, false), (false, true), (false, false)];
        for circuit in [ResetCircuit::AutoReset, ResetCircuit::UsbSerialJtag] {
            assert_eq!(
                run(circuit, &steps),
                [
                    LineEvent::HeldInReset,
                    LineEvent::Released { download: false }
                ]
            );
        }
    }

    #[test]
    fn the_usb_jtag_sequence_enters_download_mode() {
        // USBJTAGSerialReset: RTS=F, DTR=F; DTR=T, RTS=F; RTS=T, DTR=F, RTS=T; DTR=F, RTS=F.
        let steps = [
            (false, false),
            (true, false),
            (true, true),
            (false, true),
            (false, true),
            (false, false),
        ];
        assert_eq!(
            run(ResetCircuit::UsbSerialJtag, &steps),
            [
                LineEvent::HeldInReset,
                LineEvent::Released { download: true }
            ]
        );
    }

    #[test]
    fn opening_a_port_does_not_reset_a_running_chip() {
        assert!(run(ResetCircuit::AutoReset, &[(true, false), (true, true)]).is_empty());
    }
}
