// passerelle-hub init | enroll | devices | revoke | serve (docs/hub.md, "Enrolment", "Devices and
// revocation"). Each opens the store from --data/--postgres (store_open.cpp) and says what it did
// in one line; a refusal is one sentence and a distinct exit code (command_table.h).
#include <signal.h>

#include <cstdio>
#include <ctime>

#include "command_table.h"
#include "passerelle/hub/ca.h"
#include "passerelle/hub/server.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/hub_identity.h"

namespace passerelle::hub {
namespace {

std::string Grouped(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += text[i];
  }
  return out;
}

std::string LocalTime(int64_t ms) {
  if (ms <= 0) return "never";
  const time_t t = static_cast<time_t>(ms / 1000);
  tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

Status Init(const HubArgs& args) {
  PASSERELLE_ASSIGN_OR_RETURN(auto store, OpenStoreFromArgs(args));
  const std::string name = args.Get("name", "Passerelle hub");
  if (name.size() > 100) return InvalidInput("The hub's name is too long (100 characters at most).");
  if (!platform::InitCrypto()) return Internal("The hub could not start its cryptography.");
  PASSERELLE_ASSIGN_OR_RETURN(CertificateAuthority ca, CertificateAuthority::Create(name));
  PASSERELLE_RETURN_IF_ERROR(SaveNewCa(*store, ca, name));
  std::printf("Hub \"%s\" ready. Its fingerprint: %s (the end of every enrolment code it prints).\n", name.c_str(),
              Grouped(ca.Pin()).c_str());
  return Status::Ok();
}

Status Enroll(const HubArgs& args) {
  PASSERELLE_ASSIGN_OR_RETURN(auto store, OpenStoreFromArgs(args));
  PASSERELLE_ASSIGN_OR_RETURN(CertificateAuthority ca, LoadCa(*store));
  PASSERELLE_ASSIGN_OR_RETURN(IssuedCode code,
                              IssueEnrolmentCode(*store, ca, args.Get("org"), args.Get("worker"), WallClockMs()));
  std::printf("Enrolment code for %s (%s), valid until %s, single use:\n%s\n", args.Get("worker").c_str(),
              args.Get("org").c_str(), LocalTime(code.expires_at_ms).c_str(), code.code.c_str());
  return Status::Ok();
}

Status Devices(const HubArgs& args) {
  PASSERELLE_ASSIGN_OR_RETURN(auto store, OpenStoreFromArgs(args));
  PASSERELLE_ASSIGN_OR_RETURN(auto devices, store->Devices());
  if (devices.empty()) {
    std::printf("No device is enrolled yet.\n");
    return Status::Ok();
  }
  std::printf("%-16s  %-20s  %-24s  %-16s  %-16s  %s\n", "DEVICE", "ORGANISATION", "WORKER", "ENROLLED", "LAST SEEN",
              "STATE");
  for (const auto& d : devices) {
    std::printf("%-16s  %-20s  %-24s  %-16s  %-16s  %s\n", d.device_id.c_str(), d.org.c_str(), d.worker.c_str(),
                LocalTime(d.enrolled_at_ms).c_str(), LocalTime(d.last_seen_ms).c_str(),
                d.revoked ? "revoked" : "active");
  }
  return Status::Ok();
}

Status Revoke(const HubArgs& args) {
  if (args.positional.size() != 1) return InvalidInput("Name the device to revoke (its id from passerelle-hub devices).");
  PASSERELLE_ASSIGN_OR_RETURN(auto store, OpenStoreFromArgs(args));
  Status st = store->Revoke(args.positional[0]);
  if (st.code() == Code::kNotFound) return NotFound("No device " + args.positional[0] + " is enrolled at this hub.");
  PASSERELLE_RETURN_IF_ERROR(st);
  std::printf("Device %s is revoked; the hub refuses it from its next connection.\n", args.positional[0].c_str());
  return Status::Ok();
}

Result<ServerOptions> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (listen.empty() || colon == std::string::npos || colon + 1 >= listen.size())
    return InvalidInput("--listen needs HOST:PORT, for example 0.0.0.0:8443.");
  ServerOptions options;
  options.host = listen.substr(0, colon);
  if (options.host.size() >= 2 && options.host.front() == '[' && options.host.back() == ']')
    options.host = options.host.substr(1, options.host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
      std::stoi(port) > 65535)
    return InvalidInput("--listen needs a port between 1 and 65535.");
  options.port = std::stoi(port);
  return options;
}

Status Serve(const HubArgs& args) {
  PASSERELLE_ASSIGN_OR_RETURN(ServerOptions options, ParseListen(args.Get("listen")));
  PASSERELLE_ASSIGN_OR_RETURN(auto store, OpenStoreFromArgs(args));
  if (!platform::InitCrypto()) return Internal("The hub could not start its cryptography.");
  // Signals are blocked before the server's threads start, so only the wait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  PASSERELLE_ASSIGN_OR_RETURN(auto server, HubServer::Start(*store, options));
  std::printf("Hub listening on %s:%d (fingerprint %s). Stop with Ctrl-C or SIGTERM.\n", options.host.c_str(),
              server->port(), Grouped(sync::PinOfFingerprintHex(server->ca_fingerprint_hex())).c_str());
  std::fflush(stdout);
  int received = 0;
  sigwait(&stop_signals, &received);
  server->Stop();  // finishes the requests in flight; every acknowledged write is already committed
  std::printf("Hub stopped.\n");
  return Status::Ok();
}

}  // namespace

void RegisterServerCommands(std::vector<HubCommand>& commands) {
  commands.push_back({"init", "init --data DIR | --postgres CONNINFO [--name NAME]   create the hub's certificate authority",
                      Init, {"data", "postgres", "name"}});
  commands.push_back({"enroll",
                      "enroll --data DIR | --postgres CONNINFO --org ORG --worker NAME   print a one-time enrolment code "
                      "(15 minutes)",
                      Enroll, {"data", "postgres", "org", "worker"}});
  commands.push_back({"devices", "devices --data DIR | --postgres CONNINFO   list enrolled devices and when each was last seen",
                      Devices, {"data", "postgres"}});
  commands.push_back({"revoke", "revoke DEVICE --data DIR | --postgres CONNINFO   refuse this device from its next connection",
                      Revoke, {"data", "postgres"}, {}, 1});
  commands.push_back({"serve", "serve --data DIR | --postgres CONNINFO --listen HOST:PORT   run the hub (TLS 1.3)", Serve,
                      {"data", "postgres", "listen"}});
}

}  // namespace passerelle::hub
