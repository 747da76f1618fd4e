//! Opening a key store: finding or creating its journal, checking it, starting the writer.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use time::OffsetDateTime;
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::Create;
use crate::error::{IoContext, KeyError};
use crate::files::{self, JOURNAL};
use crate::journal::{self, Header, Keys};
use crate::master::{MasterKey, Wrapping, random};
use crate::writer::{Shared, Writer};

/// Room in the writer's queue; callers wait (asynchronously) when it is full.
const QUEUE: usize = 1024;

/// An open store, before it is wrapped in its handle.
pub(crate) struct Opened {
    pub dir: PathBuf,
    pub shared: Arc<Shared>,
    pub requests: mpsc::Sender<crate::writer::Request>,
    pub wrapped: bool,
    pub lookup_secret: Zeroizing<[u8; 32]>,
}

/// Opens or creates the store in `dir` (blocking).
pub(crate) fn open(
    dir: PathBuf,
    master: Option<MasterKey>,
    create: Create,
) -> Result<Opened, KeyError> {
    let path = dir.join(JOURNAL);
    if create == Create::MustExist && !exists(&path)? {
        // Before creating anything, so that the error leaves the data directory as it was.
        return Err(KeyError::Missing { dir });
    }
    files::create_private_dir(&dir)?;
    let lock = files::lock(&dir)?;
    files::remove_leftovers(&dir, JOURNAL)?;
    let wrapping = match &master {
        Some(m) => m.wrapping()?,
        None => Wrapping::Plain,
    };
    let (header, keys, file) = if exists(&path)? {
        load(&dir, &path, master.as_ref(), &wrapping)?
    } else {
        let secret = random::<32>().at(&dir)?;
        let header = journal::new_header(
            OffsetDateTime::now_utc(),
            master.as_ref(),
            &wrapping,
            secret,
        )
        .at(&path)?;
        let file = files::replace(&dir, &path, header.line.as_bytes())?;
        tracing::info!(dir = %dir.display(), wrapped = header.wrapped, "key store created");
        (header, Keys::new(), file)
    };
    let (live, erased) = journal::counts(&keys);
    tracing::info!(dir = %dir.display(), live, erased,
        wrapped = header.wrapped, created = %header.created, "key store opened");
    let shared = Arc::new(Shared {
        keys: RwLock::new(keys),
        ..Shared::default()
    });
    let (requests, receiver) = mpsc::channel(QUEUE);
    let (wrapped, lookup_secret) = (header.wrapped, header.lookup_secret.clone());
    let writer = Writer {
        dir: dir.clone(),
        journal: path,
        file,
        wrapping,
        shared: shared.clone(),
        requests: receiver,
        _lock: lock,
    };
    std::thread::Builder::new()
        .name("accolade-keys".into())
        .spawn(move || writer.run())
        .at(&dir)?;
    Ok(Opened {
        dir,
        shared,
        requests,
        wrapped,
        lookup_secret,
    })
}

fn exists(path: &std::path::Path) -> Result<bool, KeyError> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(KeyError::io(path, e)),
    }
}

/// Reads the journal, cuts a torn last line off it, and opens it for appending.
fn load(
    dir: &std::path::Path,
    path: &std::path::Path,
    master: Option<&MasterKey>,
    wrapping: &Wrapping,
) -> Result<(Header, Keys, std::fs::File), KeyError> {
    let bytes = Zeroizing::new(std::fs::read(path).at(path)?);
    let loaded = journal::read(&bytes, path, dir, master, wrapping)?;
    files::restrict_file(path)?;
    let file = files::open_append(path)?;
    if loaded.good_len < bytes.len() as u64 {
        // Appending after a torn line would glue the next line to it, and turn a harmless
        // torn tail into damage in the middle of the file.
        file.set_len(loaded.good_len)
            .and_then(|()| file.sync_all())
            .at(path)?;
    }
    Ok((loaded.header, loaded.keys, file))
}
