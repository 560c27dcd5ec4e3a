//! Which LEDC channel and timer drive each PWM pin: one channel per pin, one timer per distinct
//! frequency (shared by the channels at that frequency), and the duty resolution the timer can
//! have at that frequency. Chip-independent, so the host tests it; `machine` already refused
//! more channels or timers than the chip has with MicroPython's messages.

use vm::hal::HalError;

/// The LEDC counts an 80 MHz APB clock through a divider with 10 integer bits (ESP32-C3 TRM,
/// "LED PWM Controller": LEDC_CLK_DIV_TIMERx is 10.8 fixed point) into a counter of up to 14
/// bits.
const APB_HZ: u64 = 80_000_000;
const MAX_DIVIDER: u64 = 1023;
const MAX_BITS: u32 = 14;

/// The duty resolution for `freq_hz`: as many counter bits as the clock allows, or None when
/// the frequency is out of the APB clock's reach (below about 5 Hz, or above 40 MHz).
pub fn duty_bits(freq_hz: u32) -> Option<u32> {
    let freq = u64::from(freq_hz);
    if freq == 0 || freq > APB_HZ / 2 {
        return None;
    }
    let bits = (APB_HZ / freq).ilog2().min(MAX_BITS);
    let divider = APB_HZ / (freq << bits);
    (bits >= 1 && divider <= MAX_DIVIDER).then_some(bits)
}

/// `duty` out of 65536 (65536 = always high) as a count of `bits`-bit counter ticks.
pub fn duty_ticks(duty: u32, bits: u32) -> u32 {
    ((u64::from(duty.min(65536)) << bits) >> 16) as u32
}

/// Where one PWM pin runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub channel: usize,
    pub timer: usize,
    /// The timer's frequency changed (or it is new): configure it before the channel.
    pub configure_timer: bool,
}

/// The channels' and timers' owners.
pub struct LedcPlan<const CHANNELS: usize, const TIMERS: usize> {
    /// Per channel: the pin and the timer it uses.
    channels: [Option<(u32, usize)>; CHANNELS],
    /// Per timer: its frequency.
    timers: [Option<u32>; TIMERS],
}

impl<const CHANNELS: usize, const TIMERS: usize> Default for LedcPlan<CHANNELS, TIMERS> {
    fn default() -> Self {
        LedcPlan {
            channels: [None; CHANNELS],
            timers: [None; TIMERS],
        }
    }
}

impl<const CHANNELS: usize, const TIMERS: usize> LedcPlan<CHANNELS, TIMERS> {
    /// The channel and timer for `pin` at `freq_hz`, keeping the pin's channel if it has one.
    pub fn assign(&mut self, pin: u32, freq_hz: u32) -> Result<Assignment, HalError> {
        let channel = match self.channel_of(pin) {
            Some(c) => c,
            None => self
                .channels
                .iter()
                .position(Option::is_none)
                .ok_or(HalError::InvalidConfig)?,
        };
        // The pin's old timer is free to go if nobody else uses it.
        if let Some(slot) = self.channels.get_mut(channel) {
            *slot = None;
        }
        self.free_unused_timers();
        let (timer, configure_timer) = match self.timers.iter().position(|t| *t == Some(freq_hz)) {
            Some(t) => (t, false),
            None => {
                let t = self
                    .timers
                    .iter()
                    .position(Option::is_none)
                    .ok_or(HalError::InvalidConfig)?;
                (t, true)
            }
        };
        if let Some(slot) = self.timers.get_mut(timer) {
            *slot = Some(freq_hz);
        }
        if let Some(slot) = self.channels.get_mut(channel) {
            *slot = Some((pin, timer));
        }
        Ok(Assignment {
            channel,
            timer,
            configure_timer,
        })
    }

    /// Frees `pin`'s channel (and its timer, if no other channel uses it); the channel it had.
    pub fn release(&mut self, pin: u32) -> Option<usize> {
        let channel = self.channel_of(pin)?;
        if let Some(slot) = self.channels.get_mut(channel) {
            *slot = None;
        }
        self.free_unused_timers();
        Some(channel)
    }

    fn channel_of(&self, pin: u32) -> Option<usize> {
        self.channels
            .iter()
            .position(|c| matches!(c, Some((p, _)) if *p == pin))
    }

    fn free_unused_timers(&mut self) {
        for (t, slot) in self.timers.iter_mut().enumerate() {
            if !self
                .channels
                .iter()
                .any(|c| matches!(c, Some((_, ct)) if *ct == t))
            {
                *slot = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_follows_the_frequency() {
        assert_eq!(duty_bits(5_000), Some(13));
        assert_eq!(duty_bits(50), Some(14));
        assert_eq!(duty_bits(40_000_000), Some(1));
        assert_eq!(duty_bits(40_000_001), None);
        assert_eq!(duty_bits(0), None);
        assert_eq!(duty_bits(1), None);
        assert!(duty_bits(10).is_some());
        assert_eq!(duty_ticks(32768, 13), 4096);
        assert_eq!(duty_ticks(65536, 13), 8192);
        assert_eq!(duty_ticks(0, 13), 0);
    }

    #[test]
    fn pins_share_a_timer_per_frequency() {
        let mut plan = LedcPlan::<6, 4>::default();
        let a = plan.assign(2, 1000).unwrap();
        assert_eq!((a.channel, a.timer, a.configure_timer), (0, 0, true));
        let b = plan.assign(3, 1000).unwrap();
        assert_eq!((b.channel, b.timer, b.configure_timer), (1, 0, false));
        // Pin 2 changes frequency: same channel, a new timer; pin 3 keeps timer 0.
        let c = plan.assign(2, 50).unwrap();
        assert_eq!((c.channel, c.timer, c.configure_timer), (0, 1, true));
        // Releasing pin 3 frees timer 0 for the next frequency.
        assert_eq!(plan.release(3), Some(1));
        let d = plan.assign(4, 7).unwrap();
        assert_eq!((d.channel, d.timer), (1, 0));
        assert_eq!(plan.release(9), None);
    }

    #[test]
    fn running_out_is_an_error_not_a_panic() {
        let mut plan = LedcPlan::<2, 1>::default();
        plan.assign(0, 100).unwrap();
        assert_eq!(plan.assign(1, 200), Err(HalError::InvalidConfig));
        plan.assign(1, 100).unwrap();
        assert_eq!(plan.assign(2, 100), Err(HalError::InvalidConfig));
    }
}
