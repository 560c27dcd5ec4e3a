//! `sys`: argv, modules, path, stdout/stderr, exit, version info.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::TypeId;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

// sys.exit([code])
fn exit(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let class = vm.ty(TypeId::SystemExit);
    Err(vm.new_exc_from(class, args.to_vec()))
}

static FUNCTIONS: &[NativeDef] = &[NativeDef::new("exit", exit)];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)?;
    let argv: alloc::vec::Vec<alloc::string::String> = vm.config.argv.clone();
    let mut items = alloc::vec::Vec::new();
    for a in argv {
        let s = vm.new_string(a)?;
        vm.keep(s);
        items.push(s);
    }
    let l = vm.new_list(items)?;
    vm.set_item_str(d, "argv", l)?;
    let p = vm.new_list(alloc::vec::Vec::new())?;
    vm.set_item_str(d, "path", p)?;
    let m = vm.modules;
    vm.set_item_str(d, "modules", m)?;
    let s = vm.new_str("3.4.0; esprit")?;
    vm.set_item_str(d, "version", s)?;
    let plat = vm.new_str("esp32")?;
    vm.set_item_str(d, "platform", plat)?;
    let big = vm.new_int(i64::from(i32::MAX))?;
    vm.set_item_str(d, "maxsize", big)?;
    let bo = vm.new_str("little")?;
    vm.set_item_str(d, "byteorder", bo)?;
    let name = vm.new_str("micropython")?;
    let vi = vm.new_tuple(&[Value::small(3), Value::small(4), Value::small(0)])?;
    vm.set_item_str(d, "version_info", vi)?;
    let imp = vm.new_tuple(&[name, vi])?;
    vm.set_item_str(d, "implementation", imp)?;
    let (out, err) = crate::modules::builtins::std_streams(vm)?;
    vm.set_item_str(d, "stdout", out)?;
    vm.set_item_str(d, "stderr", err)?;
    Ok(())
}
