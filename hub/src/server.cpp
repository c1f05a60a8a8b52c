// HubServer: TLS 1.3 only, over cpp-httplib's SSLServer and OpenSSL (docs/hub.md, "Threat model").
// The handshake asks every client for a certificate but completes without one, because a device
// being enrolled has none yet; every path but POST /v1/enrol is then refused before its body is
// read unless the certificate chains to this hub's CA for clientAuth (checked here, per request,
// with OpenSSL's verifier) and its fingerprint names a device the store has not revoked (checked
// by HubService). Accepting at the handshake and refusing in HTTP lets a refused device read why.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <csignal>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "passerelle/hub/server.h"
#include "request_decoding.h"

namespace passerelle::hub {
namespace {

constexpr size_t kKeepAliveRequests = 1000;
// As long as a device may spend merging between two requests of its session (its read timeout):
// with cpp-httplib's 5 s, a hub that closed an idle connection just as the device sent its next
// request ("applied" after a long merge) cut that session, and the next one fetched it all again.
// The device closes its connection at the end of its session, which frees the thread at once.
constexpr time_t kKeepAliveSeconds = 30;
constexpr size_t kServerThreads = 64;

std::string FingerprintHex(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

// The handshake's own check accepts any certificate (or none); the verdict is Caller's.
int AcceptForLaterCheck(int, X509_STORE_CTX*) { return 1; }

Caller CallerOf(const httplib::Request& req, X509* ca) {
  Caller c;
  c.remote_addr = req.remote_addr;
  if (req.ssl == nullptr) return c;
  std::unique_ptr<X509, decltype(&X509_free)> peer(SSL_get1_peer_certificate(req.ssl), X509_free);
  if (!peer) return c;
  c.has_certificate = true;
  c.cert_fingerprint_hex = FingerprintHex(peer.get());
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  STACK_OF(X509)* sent = SSL_get_peer_cert_chain(req.ssl);
  c.issued_by_this_hub = store && ctx && X509_STORE_add_cert(store.get(), ca) == 1 &&
                         X509_STORE_CTX_init(ctx.get(), store.get(), peer.get(), sent) == 1 &&
                         X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT) == 1 &&
                         X509_verify_cert(ctx.get()) == 1;
  return c;
}

void Reply(httplib::Response& res, const HubResponse& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

void Refuse(httplib::Response& res, int status, const char* sentence) {
  Reply(res, {status, "application/json", nlohmann::json{{"error", sentence}}.dump()});
  res.set_header("Connection", "close");  // the body was not read: this connection is done
}

bool IsWildcard(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::"; }

// The names a device may use to reach the hub, for the server certificate's SAN: the listen
// address, or every local address and the host name when listening on all of them.
std::vector<std::string> ServedNames(const std::string& host) {
  std::vector<std::string> names;
  if (!IsWildcard(host)) {
    names.push_back(host);
    return names;
  }
  char hostname[256] = {};
  if (gethostname(hostname, sizeof hostname - 1) == 0 && hostname[0] != '\0') names.emplace_back(hostname);
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
      if (a->ifa_addr == nullptr) continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (a->ifa_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
      else if (a->ifa_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr, text, sizeof text);
      const std::string s = text;
      if (!s.empty() && s.find('%') == std::string::npos && std::find(names.begin(), names.end(), s) == names.end())
        names.push_back(s);
    }
    freeifaddrs(list);
  }
  return names;
}

}  // namespace

struct HubServer::Impl {
  std::unique_ptr<HubService> service;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  int port = 0;
  std::string fingerprint;
  bool stopped = false;
};

HubServer::HubServer() : impl_(std::make_unique<Impl>()) {}
HubServer::~HubServer() { Stop(); }
int HubServer::port() const { return impl_->port; }
const std::string& HubServer::ca_fingerprint_hex() const { return impl_->fingerprint; }

void HubServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  if (impl_->server) impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<HubServer>> HubServer::Start(Store& store, const ServerOptions& options, NowMs now_ms) {
  PASSERELLE_ASSIGN_OR_RETURN(CertificateAuthority ca, LoadCa(store));
  PASSERELLE_ASSIGN_OR_RETURN(std::string hub_name, LoadHubName(store));
  PASSERELLE_ASSIGN_OR_RETURN(KeyAndCert identity, ca.IssueServerCert(ServedNames(options.host)));
  std::unique_ptr<BIO, decltype(&BIO_free_all)> cert_bio(
      BIO_new_mem_buf(identity.cert_pem.data(), static_cast<int>(identity.cert_pem.size())), BIO_free_all);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> key_bio(
      BIO_new_mem_buf(identity.key_pem.data(), static_cast<int>(identity.key_pem.size())), BIO_free_all);
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr),
                                                   X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  identity.key_pem.Wipe();
  if (!cert || !key) return Internal("The hub could not load its server certificate.");

  // A device that hangs up mid-answer must cost the hub an error on that connection, not SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<HubServer> hub(new HubServer());
  Impl& impl = *hub->impl_;
  impl.fingerprint = ca.fingerprint_hex();
  impl.service = std::make_unique<HubService>(store, std::move(ca), hub_name, std::move(now_ms));
  X509* ca_cert = static_cast<X509*>(impl.service->ca().x509());

  impl.server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    std::unique_ptr<STACK_OF(X509_NAME), void (*)(STACK_OF(X509_NAME)*)> names(
        sk_X509_NAME_new_null(), [](STACK_OF(X509_NAME)* s) { sk_X509_NAME_pop_free(s, X509_NAME_free); });
    X509_NAME* ca_name = X509_NAME_dup(X509_get_subject_name(ca_cert));
    if (!names || ca_name == nullptr || sk_X509_NAME_push(names.get(), ca_name) == 0) return false;
    SSL_CTX_set_client_CA_list(&ctx, names.release());  // tells devices which certificate to send
    return SSL_CTX_set_min_proto_version(&ctx, TLS1_3_VERSION) == 1 &&
           SSL_CTX_set_max_proto_version(&ctx, TLS1_3_VERSION) == 1 &&
           SSL_CTX_use_certificate(&ctx, cert.get()) == 1 && SSL_CTX_use_PrivateKey(&ctx, key.get()) == 1 &&
           SSL_CTX_check_private_key(&ctx) == 1 &&
           // The CA goes in the chain: an enrolling device compares it with the code's pin.
           SSL_CTX_add1_chain_cert(&ctx, ca_cert) == 1 &&
           (SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, AcceptForLaterCheck), true);
  });
  if (!impl.server->is_valid()) return Internal("The hub could not set up TLS.");
  httplib::SSLServer& server = *impl.server;
  HubService* service = impl.service.get();

  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would let a second hub (or
  // any process of the same user) bind the same port and take half the devices' connections.
  auto listen_socket = std::make_shared<socket_t>(INVALID_SOCKET);
  server.set_socket_options([listen_socket](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listen_socket = sock;
  });
  // A session is one connection (keep-alive, one TLS handshake): its handful of requests never
  // reach the limit. cpp-httplib serves a connection on one pool thread for as long as it is kept
  // alive, so the pool is sized for every device of an office syncing at once (idle threads cost
  // only their stacks' address space); with its default of 8, the ninth device waited for a
  // connection to close.
  server.set_keep_alive_max_count(kKeepAliveRequests);
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  // A refusal answers before the body is read (Refuse sets "Connection: close"), but cpp-httplib
  // keeps the connection for the next request whatever the response says: it would read the
  // unread body as that request, and a caller without a certificate would hold one of the pool's
  // threads for the keep-alive time. The logger runs once the response is written: end the
  // connection there.
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (req.ssl != nullptr && res.get_header_value("Connection") == "close") ::shutdown(SSL_get_fd(req.ssl), SHUT_RDWR);
  });
  server.set_payload_max_length(kMaxBundleBytes);
  server.set_read_timeout(options.timeout_seconds, 0);
  server.set_write_timeout(options.timeout_seconds, 0);
  // Before the body is read: refuse an unauthenticated caller or an oversized body outright.
  server.set_pre_routing_handler([ca_cert](const httplib::Request& req, httplib::Response& res) {
    if (!HubService::IsOpenPath(req.method, req.path)) {
      const Caller caller = CallerOf(req, ca_cert);
      if (!caller.has_certificate) {
        Refuse(res, 403, kNoCertificateSentence);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!caller.issued_by_this_hub) {
        Refuse(res, 403, kForeignCertificateSentence);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    // Our devices always send a length; a chunked body could only grow past the bound as it is read.
    if (req.has_header("Transfer-Encoding")) {
      Refuse(res, 411, "The office hub needs the request's length.");
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string length = req.get_header_value("Content-Length");
    if (!length.empty()) {
      const bool digits = length.size() <= 19 && std::all_of(length.begin(), length.end(), ::isdigit);
      if (!digits || std::stoull(length) > HubService::MaxBodyBytes(req.method, req.path)) {
        Refuse(res, 413, "The request is too large for the office hub.");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handle = [service, ca_cert](const httplib::Request& req, httplib::Response& res) {
    HubRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [name, value] : req.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
      r.headers.emplace(lower, value);
    }
    for (const auto& [name, value] : req.params) r.params.emplace(name, value);
    r.body = req.body;
    r.caller = CallerOf(req, ca_cert);
    Reply(res, service->Handle(r));
  };
  server.Get(R"(/.*)", handle);
  server.Post(R"(/.*)", handle);

  impl.port = options.port == 0 ? server.bind_to_any_port(options.host) : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (impl.port <= 0)
    return IoError("The hub cannot listen on " + options.host + ":" + std::to_string(options.port) +
                   "; the port may be in use or the address not this machine's.");
  // cpp-httplib listens with a backlog of 5 (compiled into Debian's library): 50 devices
  // connecting at once overflowed it, and each dropped connection attempt cost its device a
  // second before the kernel tried again. Listening again on the same socket only raises it.
  if (*listen_socket != INVALID_SOCKET) ::listen(*listen_socket, SOMAXCONN);
  impl.thread = std::thread([&server] { server.listen_after_bind(); });
  return hub;
}

}  // namespace passerelle::hub
