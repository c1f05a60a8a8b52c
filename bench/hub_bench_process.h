// The hub under benchmark as its own process (bench/hub_bench.cpp): `passerelle-hub init`,
// `enroll` (one-time codes), `serve` on a free loopback port, its CPU (utime+stime) and peak RSS
// (VmHWM) read from /proc, stopped with SIGTERM (or SIGKILL for the durability check).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace passerelle::bench {

inline pid_t g_hub_pid = -1;  // stopped on the way out, whatever happens

[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "hub_bench: %s\n", what.c_str());
  if (g_hub_pid > 0) kill(g_hub_pid, SIGKILL);
  std::_Exit(1);
}
// ---- the hub process ----------------------------------------------------------------------------

// A loopback port nobody listens on now (`serve` wants a port of its own choosing).
inline int FreePort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("bind");
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

struct HubProcess {
  std::string bin;
  std::vector<std::string> store_args;  // {"--data", DIR} or {"--postgres", CONNINFO}
  pid_t pid = -1;
  int port = 0;
  std::string log = "/dev/null";  // the hub's stderr

  // Runs `passerelle-hub ARGS...` to completion and returns its stdout.
  std::string Run(std::vector<std::string> args) const {
    int out[2];
    if (pipe(out) != 0) Die("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    args.insert(args.begin(), bin);
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t child = 0;
    if (posix_spawn(&child, bin.c_str(), &fa, nullptr, argv.data(), environ) != 0) Die("cannot start " + bin);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    close(out[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("passerelle-hub " + args[1] + " failed: " + text);
    return text;
  }
  std::vector<std::string> With(std::vector<std::string> args) const {
    args.insert(args.end(), store_args.begin(), store_args.end());
    return args;
  }
  void Init() const { Run(With({"init", "--name", "Maison de justice (bench)"})); }
  // A one-time code: the last line of `enroll`'s output.
  std::string Code(const std::string& worker) const {
    std::string text = Run(With({"enroll", "--org", "CAPREV", "--worker", worker}));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text.substr(text.rfind('\n') + 1);
  }
  // `serve` on a free loopback port (the hub prints the port it bound).
  void Start() {
    int out[2];
    if (pipe(out) != 0) Die("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (port == 0) port = FreePort();
    std::vector<std::string> args = With({bin, "serve", "--listen", "127.0.0.1:" + std::to_string(port)});
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ) != 0) Die("cannot start the hub");
    g_hub_pid = pid;
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);  // the hub's later output goes nowhere (it prints only at start and stop)
    if (line.find("listening") == std::string::npos) Die("the hub did not start: " + line);
  }
  void Stop(int sig = SIGTERM) {
    if (pid <= 0) return;
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    g_hub_pid = -1;
  }
  // utime + stime of the hub process, seconds.
  double CpuSeconds() const {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string s;
    std::getline(in, s);  // one line
    std::istringstream fields(s.substr(s.rfind(')') + 2));
    std::string f;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
      if (i == 14) utime = std::atoll(f.c_str());
      if (i == 15) stime = std::atoll(f.c_str());
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  double PeakRssMb() const {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
  }
  std::string Address() const { return "127.0.0.1:" + std::to_string(port); }
};

}  // namespace passerelle::bench
