//! The simulated board behind the serial console: a console [`Board`] that attaches the
//! simulated peripherals to the VM at power-on and after each soft reset, around another
//! console board that provides the flash (`FlashBoard`) or nothing (`BareBoard`).

use vm::Vm;

use super::SharedBoard;
use crate::console::Board;

pub struct BoardConsole<B> {
    pub board: SharedBoard,
    pub inner: B,
}

impl<B: Board> BoardConsole<B> {
    pub fn new(board: SharedBoard, inner: B) -> BoardConsole<B> {
        BoardConsole { board, inner }
    }
}

impl<B: Board> Board for BoardConsole<B> {
    fn setup(&mut self, vm: &mut Vm) {
        self.inner.setup(vm);
        vm.attach_board(self.board.hal());
    }

    fn read_file(&mut self, vm: &mut Vm, path: &str) -> Option<String> {
        self.inner.read_file(vm, path)
    }
}
