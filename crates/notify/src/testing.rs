//! A real SMTP server for tests: Debian's aiosmtpd writing into a fresh Maildir.
//!
//! The `python3` on a developer's PATH may be a pyenv one without aiosmtpd, so this always
//! runs Debian's `/usr/bin/python3`. Missing aiosmtpd is a failure naming `./ops/test` (which
//! installs `python3-aiosmtpd`), never a skip: a skipped mail test proves nothing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PYTHON: &str = "/usr/bin/python3";

/// An aiosmtpd child process on a loopback port, delivering into `maildir/new`.
#[derive(Debug)]
pub struct SmtpSink {
    child: Option<Child>,
    /// The port it listens on (kept across [`SmtpSink::stop`] and [`SmtpSink::start`]).
    pub port: u16,
    /// The Maildir (with `tmp`, `new`, `cur`).
    pub maildir: PathBuf,
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

impl SmtpSink {
    /// A fresh Maildir under `dir` and a port, not started.
    pub fn new(dir: &Path) -> SmtpSink {
        let maildir = dir.join("maildir");
        for sub in ["tmp", "new", "cur"] {
            // aiosmtpd's Mailbox answers 500 without them.
            if let Err(e) = std::fs::create_dir_all(maildir.join(sub)) {
                panic!("cannot create the Maildir: {e}");
            }
        }
        SmtpSink {
            child: None,
            port: free_port(),
            maildir,
        }
    }

    /// Started on a free port.
    pub fn start_in(dir: &Path) -> SmtpSink {
        let mut s = SmtpSink::new(dir);
        s.start();
        s
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&mut self) {
        let ok = Command::new(PYTHON)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "{PYTHON} cannot import aiosmtpd: run ./ops/test (it installs python3-aiosmtpd)"
        );
        let listen = format!("127.0.0.1:{}", self.port);
        let child = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l", &listen])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(c) => self.child = Some(c),
            Err(e) => panic!("cannot start aiosmtpd ({e}): run ./ops/test"),
        }
        let started = Instant::now();
        while std::net::TcpStream::connect(&listen).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not listen on {listen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (SIGKILL), keeping the Maildir and the port.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The delivered files, oldest name first.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.maildir.join("new"))
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}
