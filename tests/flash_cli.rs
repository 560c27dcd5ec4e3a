//! `esprit --flash PATH` keeps the simulated flash in an image file: what one run writes, the
//! next one reads, and `boot.py`/`main.py` there run when the console starts.

use esprit_tests::run_esprit;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn files_persist_between_runs_in_the_image() {
    let dir = std::env::temp_dir().join(format!("esprit-flash-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let image = dir.join("flash.img");
    let _ = std::fs::remove_file(&image);
    let image_arg = image.to_str().expect("utf-8 temp path");

    let write = "import os\n\
                 os.mkdir('lib')\n\
                 with open('lib/data.txt', 'w') as f:\n    f.write('kept\\n')\n\
                 open('loose.txt', 'w').write('closed by the end of the run')\n\
                 print(sorted(os.listdir()))\n";
    let first = run_esprit(&["--flash", image_arg, "-c", write], &dir, LIMIT);
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    assert_eq!(first.stdout, "['lib', 'loose.txt']\n");
    assert!(image.exists());

    let read = "import os\n\
                print(sorted(os.listdir()), open('lib/data.txt').read(), end='')\n\
                print(open('loose.txt').read())\n";
    let second = run_esprit(&["-c", read, "--flash", image_arg], &dir, LIMIT);
    assert_eq!(second.status, Some(0), "{}", second.stderr);
    assert_eq!(
        second.stdout,
        "['lib', 'loose.txt'] kept\nclosed by the end of the run\n"
    );

    // Without --flash, every run starts from an empty file system.
    let fresh = run_esprit(&["-c", "import os; print(os.listdir())"], &dir, LIMIT);
    assert_eq!(fresh.stdout, "[]\n");
    let _ = std::fs::remove_dir_all(&dir);
}
