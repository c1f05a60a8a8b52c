// The hub as a child process for fault tests: `passerelle-hub serve` started on a fresh loopback
// port (optionally with RLIMIT_FSIZE, so its disk is "full" past a size), killed with SIGKILL or
// stopped with SIGTERM; and a TCP proxy in this process that relays devices to the current hub and
// can cut each connection after a chosen number of bytes.
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passerelle::testing {

inline int FreeLoopbackPort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

class HubProcess {
 public:
  // `store_args`: {"--data", DIR} or {"--postgres", CONNINFO}.
  HubProcess(std::string binary, std::vector<std::string> store_args)
      : binary_(std::move(binary)), store_args_(std::move(store_args)) {}
  ~HubProcess() { Kill(); }

  // Starts the hub and waits until it listens. `max_file_bytes` > 0: RLIMIT_FSIZE (writes past it
  // fail with EFBIG, SIGXFSZ ignored), the hub's disk being full.
  void Start(long max_file_bytes = 0) {
    REQUIRE(pid_ == -1);
    port_ = FreeLoopbackPort();
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      if (max_file_bytes > 0) {
        signal(SIGXFSZ, SIG_IGN);
        rlimit r{static_cast<rlim_t>(max_file_bytes), static_cast<rlim_t>(max_file_bytes)};
        setrlimit(RLIMIT_FSIZE, &r);
      }
      std::vector<std::string> args = {binary_, "serve"};
      args.insert(args.end(), store_args_.begin(), store_args_.end());
      args.push_back("--listen");
      args.push_back("127.0.0.1:" + std::to_string(port_));
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary_.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    // The hub prints "Hub listening on ..." once it accepts connections.
    std::string seen;
    char buf[256];
    pollfd p{out[0], POLLIN, 0};
    while (seen.find("listening") == std::string::npos) {
      REQUIRE_MESSAGE(poll(&p, 1, 20000) == 1, "the hub did not start: " << seen);
      ssize_t n = read(out[0], buf, sizeof buf);
      REQUIRE_MESSAGE(n > 0, "the hub exited before listening: " << seen);
      seen.append(buf, static_cast<size_t>(n));
    }
    close(out[0]);
    ++starts_;
  }
  void Kill() { End(SIGKILL); }
  void Stop() { End(SIGTERM); }
  bool running() const { return pid_ != -1; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  int starts() const { return starts_; }

 private:
  void End(int sig) {
    if (pid_ == -1) return;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string binary_;
  std::vector<std::string> store_args_;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

// A listening TCP socket on a free loopback port (its number in *port).
inline int ListenOnLoopback(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(listen(fd, 64) == 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

// Relays each accepted connection to 127.0.0.1:target(); `cut_after()` (per connection, < 0: never)
// says after how many relayed bytes (both directions together) both sides are closed.
class CuttingProxy {
 public:
  CuttingProxy(std::function<int()> target, std::function<long()> cut_after)
      : target_(std::move(target)), cut_after_(std::move(cut_after)) {
    listen_ = ListenOnLoopback(&port_);
    thread_ = std::thread([this] { Loop(); });
  }
  ~CuttingProxy() {
    stop_ = true;
    shutdown(listen_, SHUT_RDWR);
    close(listen_);
    thread_.join();
  }
  int port() const { return port_; }
  std::atomic<int> cuts{0};
  std::atomic<int> connections{0};  // accepted from devices, i.e. TLS handshakes through the proxy

 private:
  void Loop() {
    std::vector<std::thread> relays;
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (poll(&p, 1, 100) != 1) continue;
      int client = accept(listen_, nullptr, nullptr);
      if (client < 0) continue;
      ++connections;
      long limit;
      int port;
      {
        std::lock_guard<std::mutex> lock(mu_);
        limit = cut_after_();
        port = target_();
      }
      relays.emplace_back([this, client, limit, port] { Relay(client, limit, port); });
    }
    for (auto& t : relays) t.join();
  }
  void Relay(int client, long limit, int port) {
    int hub = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(hub, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(hub);
      close(client);
      return;
    }
    long relayed = 0;
    char buf[4096];
    pollfd fds[2] = {{client, POLLIN, 0}, {hub, POLLIN, 0}};
    bool open = true;
    while (open && !stop_) {
      if (poll(fds, 2, 200) <= 0) continue;
      for (int i = 0; i < 2 && open; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        size_t want = sizeof buf;
        if (limit >= 0) want = std::min<size_t>(want, static_cast<size_t>(std::max<long>(limit - relayed, 0)));
        if (want == 0) {
          ++cuts;
          open = false;
          break;
        }
        ssize_t n = read(fds[i].fd, buf, want);
        if (n <= 0) {
          open = false;
          break;
        }
        if (send(fds[1 - i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) open = false;
        relayed += n;
      }
    }
    close(hub);
    close(client);
  }
  std::function<int()> target_;
  std::function<long()> cut_after_;
  std::mutex mu_;
  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace passerelle::testing
