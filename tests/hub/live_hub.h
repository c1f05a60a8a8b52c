// A real hub (hub::HubServer over its SQLite store) in the test's process, listening on a loopback
// port over TLS 1.3, and enrolment codes for it: what the end-to-end tests sync devices through.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "../support/temp_dir.h"
#include "passerelle/hub/ca.h"
#include "passerelle/hub/server.h"
#include "passerelle/hub/store.h"
#include "passerelle/platform/secure_buffer.h"

namespace passerelle::testing {

struct LiveHub {
  TempDir data;
  std::unique_ptr<hub::Store> store;
  std::unique_ptr<hub::HubServer> server;
  std::string address;
  LiveHub() {
    REQUIRE(platform::InitCrypto());
    auto s = hub::OpenSqliteStore(data.path().string());
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    store = std::move(s).value();
    auto ca = hub::CertificateAuthority::Create("Maison de justice de Mons");
    REQUIRE(ca.ok());
    REQUIRE(hub::SaveNewCa(*store, *ca, "Maison de justice de Mons").ok());
    hub::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    auto started = hub::HubServer::Start(*store, o);
    REQUIRE_MESSAGE(started.ok(), started.status().message());
    server = std::move(started).value();
    address = "127.0.0.1:" + std::to_string(server->port());
  }
  ~LiveHub() {
    if (server) server->Stop();
  }
  std::string Code(const std::string& org, const std::string& worker) {
    auto ca = hub::LoadCa(*store);
    REQUIRE(ca.ok());
    auto code = hub::IssueEnrolmentCode(*store, *ca, org, worker, hub::WallClockMs());
    REQUIRE_MESSAGE(code.ok(), code.status().message());
    return code->code;
  }
};

inline std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace passerelle::testing
