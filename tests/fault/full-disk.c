/* full-disk.c - a disk that fills up at a chosen byte, for LD_PRELOAD.
 *
 * Every write to a file whose path holds FL_FAULT_PATH (a substring; unset: nothing is
 * counted) counts its bytes; once FL_FAULT_AFTER bytes have gone, a write takes what is left
 * and the next ones fail with ENOSPC, as a full disk does. Intercepted: write, writev, pwrite,
 * pwrite64, pwritev, fwrite, fputs, fputc, putc (stdio's own flushes reach the kernel through
 * glibc's internal calls, which no preload sees, so stdio is counted as the program hands it
 * bytes). FL_FAULT_COUNT=FILE writes there the number of bytes counted, at exit: the size of
 * the output a run writes, from which the offsets to fail at are chosen. FL_FAULT_FSYNC=1 makes
 * fsync and fdatasync of such a file fail with EIO instead. FL_FAULT_RAISE=N sends the process
 * signal N instead of filling the disk, once, when a write reaches byte FL_FAULT_AFTER: an
 * interruption in the middle of writing an output, at a byte chosen. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long counted;    /* bytes written to matching files */
static long long budget = -1; /* FL_FAULT_AFTER, or -1: no fault */
static const char *pattern;
static int fail_fsync;
static int raise_signal;   /* FL_FAULT_RAISE, or 0 */

__attribute__((constructor)) static void
fault_init(void)
{
  const char *after = getenv("FL_FAULT_AFTER");
  pattern = getenv("FL_FAULT_PATH");
  if (pattern && !*pattern)
    pattern = NULL;
  if (after && *after)
    budget = atoll(after);
  fail_fsync = getenv("FL_FAULT_FSYNC") && strcmp(getenv("FL_FAULT_FSYNC"), "1") == 0;
  raise_signal = getenv("FL_FAULT_RAISE") ? atoi(getenv("FL_FAULT_RAISE")) : 0;
}

__attribute__((destructor)) static void
fault_report(void)
{
  const char *path = getenv("FL_FAULT_COUNT");
  if (!path || !*path)
    return;
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0)
    return;
  char line[32];
  int n = snprintf(line, sizeof line, "%lld\n", counted);
  ssize_t (*real)(int, const void *, size_t) = (ssize_t(*)(int, const void *, size_t))dlsym(
      RTLD_NEXT, "write");
  if (real && n > 0)
    (void)real(fd, line, (size_t)n);
  close(fd);
}

static int
matches(int fd)
{
  char link[64], target[4096];
  if (!pattern || fd < 0)
    return 0;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0)
    return 0;
  target[n] = '\0';
  return strstr(target, pattern) != NULL;
}

/* How many of length bytes to fd may be written: length, fewer, or 0 (then errno is set). */
static size_t
allowed(int fd, size_t length)
{
  if (!matches(fd))
    return length;
  if (budget < 0 || counted + (long long)length <= budget) {
    counted += (long long)length;
    return length;
  }
  if (raise_signal > 0) {   /* the signal, once; the write then goes on */
    int sig = raise_signal;
    raise_signal = -1;
    budget = -1;
    raise(sig);
    counted += (long long)length;
    return length;
  }
  size_t left = counted < budget ? (size_t)(budget - counted) : 0;
  counted += (long long)left;
  if (left == 0)
    errno = ENOSPC;
  return left;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t
write(int fd, const void *data, size_t length)
{
  size_t n = length ? allowed(fd, length) : 0;
  if (length && n == 0)
    return -1;
  return REAL("write", ssize_t(*)(int, const void *, size_t))(fd, data, n);
}

ssize_t
pwrite(int fd, const void *data, size_t length, off_t offset)
{
  size_t n = length ? allowed(fd, length) : 0;
  if (length && n == 0)
    return -1;
  return REAL("pwrite", ssize_t(*)(int, const void *, size_t, off_t))(fd, data, n, offset);
}

ssize_t
pwrite64(int fd, const void *data, size_t length, off64_t offset)
{
  size_t n = length ? allowed(fd, length) : 0;
  if (length && n == 0)
    return -1;
  return REAL("pwrite64", ssize_t(*)(int, const void *, size_t, off64_t))(fd, data, n, offset);
}

/* The vectored writes: the first n bytes of the vectors, one at a time. */
static ssize_t
vector_write(int fd, const struct iovec *iov, int count, off_t offset, int positioned)
{
  size_t total = 0;
  for (int i = 0; i < count; i++)
    total += iov[i].iov_len;
  if (!matches(fd) || budget < 0 || counted + (long long)total <= budget) {
    if (matches(fd))
      counted += (long long)total;
    return positioned
             ? REAL("pwritev", ssize_t(*)(int, const struct iovec *, int, off_t))(fd, iov, count,
                                                                                 offset)
             : REAL("writev", ssize_t(*)(int, const struct iovec *, int))(fd, iov, count);
  }
  ssize_t done = 0;
  for (int i = 0; i < count; i++) {
    ssize_t got = positioned ? pwrite(fd, iov[i].iov_base, iov[i].iov_len, offset + done)
                             : write(fd, iov[i].iov_base, iov[i].iov_len);
    if (got < 0)
      return done > 0 ? done : -1;
    done += got;
    if ((size_t)got < iov[i].iov_len)
      break;
  }
  return done;
}

ssize_t
writev(int fd, const struct iovec *iov, int count)
{
  return vector_write(fd, iov, count, 0, 0);
}

ssize_t
pwritev(int fd, const struct iovec *iov, int count, off_t offset)
{
  return vector_write(fd, iov, count, offset, 1);
}

size_t
fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
  size_t (*real)(const void *, size_t, size_t, FILE *) =
      REAL("fwrite", size_t(*)(const void *, size_t, size_t, FILE *));
  if (size == 0 || count == 0)
    return real(data, size, count, stream);
  size_t n = allowed(fileno(stream), size * count);
  size_t items = n / size;
  size_t done = items ? real(data, size, items, stream) : 0;
  if (n < size * count) {
    stream->_flags |= _IO_ERR_SEEN;   /* glibc: what a failed write leaves, ferror() reads */
    errno = ENOSPC;
  }
  return done;
}

int
fputs(const char *text, FILE *stream)
{
  size_t length = strlen(text);
  return fwrite(text, 1, length, stream) == length ? 1 : EOF;
}

int
fputc(int c, FILE *stream)
{
  unsigned char byte = (unsigned char)c;
  return fwrite(&byte, 1, 1, stream) == 1 ? byte : EOF;
}

int
putc(int c, FILE *stream)
{
  return fputc(c, stream);
}

int
fsync(int fd)
{
  if (fail_fsync && matches(fd)) {
    errno = EIO;
    return -1;
  }
  return REAL("fsync", int (*)(int))(fd);
}

int
fdatasync(int fd)
{
  if (fail_fsync && matches(fd)) {
    errno = EIO;
    return -1;
  }
  return REAL("fdatasync", int (*)(int))(fd);
}
