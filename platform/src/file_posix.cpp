#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include "passerelle/platform/file.h"

namespace passerelle::platform {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

std::string DirName(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status WriteAll(int fd, const uint8_t* p, size_t n, const std::string& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return IoError("Could not write " + path + ": " + ErrnoText() + ".");
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<std::vector<uint8_t>> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("The file " + path + " does not exist.");
    return IoError("Could not open " + path + ": " + ErrnoText() + ".");
  }
  std::vector<uint8_t> out;
  uint8_t buf[65536];
  for (;;) {
    ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return IoError("Could not read " + path + ": " + ErrnoText() + ".");
    }
    if (r == 0) break;
    out.insert(out.end(), buf, buf + r);
  }
  ::close(fd);
  return out;
}

Status CheckCanWriteFile(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) return IoError("Could not create " + path + ": " + ErrnoText() + ".");
  if (!S_ISDIR(st.st_mode)) return IoError("Could not create " + path + ": " + folder + " is not a folder.");
  if (::access(folder.c_str(), W_OK) != 0) return IoError("Could not create " + path + ": " + ErrnoText() + ".");
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("Could not create " + tmp + ": " + ErrnoText() + ".");
  Status st = WriteAll(fd, bytes.data(), bytes.size(), tmp);
  if (st.ok() && ::fsync(fd) != 0) st = IoError("Could not sync " + tmp + ": " + ErrnoText() + ".");
  ::close(fd);
  if (st.ok()) st = RenameFile(tmp, path);
  if (!st.ok()) ::unlink(tmp.c_str());
  return st;
}

Status RenameFile(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return IoError("Could not replace " + to + ": " + ErrnoText() + ".");
  // The rename is only durable once the directory entry is synced.
  int dfd = ::open(DirName(to).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return IoError("Could not remove " + path + ": " + ErrnoText() + ".");
  return Status::Ok();
}

Result<std::vector<DirEntry>> ListDirectory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return NotFound("The folder " + path + " does not exist.");
    if (errno == ENOTDIR) return InvalidInput(path + " is not a folder.");
    return IoError("Could not list " + path + ": " + ErrnoText() + ".");
  }
  const int dfd = ::dirfd(dir);
  std::vector<DirEntry> out;
  for (;;) {
    errno = 0;
    const dirent* e = ::readdir(dir);
    if (e == nullptr) {
      if (errno != 0) {
        Status st = IoError("Could not list " + path + ": " + ErrnoText() + ".");
        ::closedir(dir);
        return st;
      }
      break;
    }
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::move(name), false, 0};
    struct stat st {};
    if (::fstatat(dfd, entry.name.c_str(), &st, 0) == 0) {  // follows links
      entry.is_dir = S_ISDIR(st.st_mode);
      if (S_ISREG(st.st_mode)) entry.bytes = static_cast<uint64_t>(st.st_size);
    }
    out.push_back(std::move(entry));
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<double> MeasureFdatasyncMicros(const std::string& dir, size_t bytes, int rounds,
                                      std::vector<double>* samples) {
  std::string path = dir + "/fdatasync-probe.bin";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("Could not create " + path + ": " + ErrnoText() + ".");
  std::vector<uint8_t> block(bytes, 0x5a);
  double total = 0;
  for (int i = 0; i < rounds; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    // Rewrite the same offset like a WAL commit does, then force it to stable storage.
    if (::pwrite(fd, block.data(), block.size(), 0) < 0 || ::fdatasync(fd) != 0) {
      ::close(fd);
      ::unlink(path.c_str());
      return IoError("fdatasync probe failed: " + ErrnoText() + ".");
    }
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    total += us;
    if (samples) samples->push_back(us);
  }
  ::close(fd);
  ::unlink(path.c_str());
  return total / rounds;
}

}  // namespace passerelle::platform
