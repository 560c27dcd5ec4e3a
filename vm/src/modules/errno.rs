//! `errno`: the error numbers MicroPython's errno module names (py/mperrno.h), with the values
//! of the ESP32 port, which uses newlib's errno.h rather than Linux's; plus the file-system
//! ones (`ENOSPC`, `ENOTDIR`, `ENOTEMPTY`) that the flash file system raises. `errorcode`
//! maps numbers back to names.

use crate::exc::PyResult;
use crate::value::Value;
use crate::vm::Vm;

/// `(name, number)`, in number order.
pub static CODES: &[(&str, i32)] = &[
    ("EPERM", 1),
    ("ENOENT", 2),
    ("EIO", 5),
    ("EBADF", 9),
    ("EAGAIN", 11),
    ("ENOMEM", 12),
    ("EACCES", 13),
    ("EEXIST", 17),
    ("ENODEV", 19),
    ("ENOTDIR", 20),
    ("EISDIR", 21),
    ("EINVAL", 22),
    ("ENOSPC", 28),
    ("ENOTEMPTY", 90),
    ("EOPNOTSUPP", 95),
    ("ECONNRESET", 104),
    ("ENOBUFS", 105),
    ("ECONNREFUSED", 111),
    ("EADDRINUSE", 112),
    ("ECONNABORTED", 113),
    ("ETIMEDOUT", 116),
    ("EHOSTUNREACH", 118),
    ("EINPROGRESS", 119),
    ("EALREADY", 120),
    ("ENOTCONN", 128),
];

/// The name of an error number (`OSError` prints `[Errno 2] ENOENT` with it).
pub fn name(code: i32) -> Option<&'static str> {
    CODES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n)
}

/// The number of an error name.
pub fn code(name: &str) -> Option<i32> {
    CODES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    let errorcode = vm.new_dict()?;
    for (name, code) in CODES {
        let n = vm.intern(name);
        let c = Value::small(*code);
        vm.dict_set(d, Value::qstr(n), c)?;
        vm.dict_set(errorcode, c, Value::qstr(n))?;
    }
    vm.set_item_str(d, "errorcode", errorcode)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_numbers_round_trip() {
        assert_eq!(super::name(2), Some("ENOENT"));
        assert_eq!(super::code("ENOSPC"), Some(28));
        assert_eq!(super::name(3), None);
        let mut last = 0;
        for (_, c) in super::CODES {
            assert!(*c > last);
            last = *c;
        }
    }
}
