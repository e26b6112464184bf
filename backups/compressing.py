"""
The rows' file compressed on a second core while the first writes it.

A .tar.gz may be several gzip members one after another: gzip, tar and
Python's tarfile read them as one stream. So the bundle is written as

    member 1   the tar header of data.jsonl (its size is known only at the end)
    member 2   data.jsonl itself, padded to tar's 512-byte blocks, compressed by a
               thread while the rows are still being read and turned into JSON
    member 3   the media files and the manifest, then the tar's end, by tarfile

zlib and hashlib let go of Python's lock while they work on a chunk, so the
compressing thread runs beside the serializing one: a backup takes about the
time of reading the rows rather than reading plus compressing them, and no
uncompressed copy of the rows is written to disk. Memory stays at a few
chunks, however large the archive.
"""

import gzip
import hashlib
import queue
import tarfile
import threading

CHUNK_BYTES = 1 << 20
BLOCK = tarfile.BLOCKSIZE


class CompressedRows:
    """A text stream: what is written is UTF-8 encoded, hashed, and compressed into `path` by a second thread."""

    def __init__(self, path, *, compresslevel):
        self.path = path
        self.size = 0
        self._sha256 = hashlib.sha256()
        self._pending, self._pending_length = [], 0
        self._queue = queue.Queue(maxsize=8)
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close(), after the thread is done
        self._gzip = gzip.GzipFile(fileobj=self._file, mode="wb", compresslevel=compresslevel, mtime=0)
        self._error = None
        self._thread = threading.Thread(target=self._compress, name="backup-compress", daemon=True)
        self._thread.start()

    def write(self, text):
        self._pending.append(text)
        self._pending_length += len(text)
        if self._pending_length >= CHUNK_BYTES:
            self._hand_over()
        return len(text)

    def write_bytes(self, data):
        """Bytes as they are (data of another format than text, such as a COPY's)."""
        self._hand_over()
        self._send(data)

    def close(self):
        """Finish the member (padded to whole tar blocks). Returns {"size", "sha256"} of the text as written."""
        self._hand_over()
        if self.size % BLOCK:
            self._queue.put(bytes(BLOCK - self.size % BLOCK))
        self._queue.put(None)
        self._thread.join()
        self._gzip.close()
        self._file.close()
        if self._error is not None:
            raise self._error
        return {"size": self.size, "sha256": self._sha256.hexdigest()}

    def abandon(self):
        self._queue.put(None)
        self._thread.join()
        self._file.close()

    def _hand_over(self):
        if not self._pending:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending, self._pending_length = [], 0
        self._send(data)

    def _send(self, data):
        self.size += len(data)
        self._sha256.update(data)
        self._queue.put(data)

    def _compress(self):
        # Keep taking chunks after a failure, so the writer never blocks on a full queue.
        while (chunk := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._gzip.write(chunk)
                except BaseException as exc:  # noqa: BLE001 - raised again by close()
                    self._error = exc


def write_member_header(out, name, size, mtime, *, compresslevel):
    """The tar header of a file of `size` bytes, as a gzip member of its own."""
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o644
    out.write(gzip.compress(info.tobuf(tarfile.DEFAULT_FORMAT, tarfile.ENCODING, "surrogateescape"), compresslevel))


def copy_member(out, path):
    with open(path, "rb") as member:
        while chunk := member.read(CHUNK_BYTES):
            out.write(chunk)
