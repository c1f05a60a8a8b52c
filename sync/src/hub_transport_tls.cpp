// TLS implementation of HubTransport over cpp-httplib's SSLClient and OpenSSL (docs/hub.md,
// "Threat model"). Trust is not the system's: the chain the hub presents is verified by our own
// callback against exactly one anchor, the hub CA pinned at enrolment, for the serverAuth purpose
// (a device certificate, signed by the same CA for clientAuth, cannot pose as the hub). The host
// name is not checked: the pinned private CA already names the hub, and an office's address may
// change. The device key goes from guarded memory into OpenSSL without touching the disk.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <thread>

#include "passerelle/sync/hub_identity.h"
#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync {
namespace {

constexpr std::string_view kUnreachable = "The office hub could not be reached";
constexpr std::string_view kCancelled =
    "The sync with the office hub was stopped because the app was locked; what was received is kept, sync again to finish.";

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

// What our verification callback knows and what it found; one per transport.
struct PinCheck {
  X509* anchor = nullptr;  // the pinned CA (ConnectTls); null at enrolment
  std::string pin;         // base32 pin prefix (enrolment)
  std::string failure;     // set by the callback when it refuses the hub
  ~PinCheck() { X509_free(anchor); }
};

int VerifyHubChain(X509_STORE_CTX* chain_ctx, void* arg) {
  auto* check = static_cast<PinCheck*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(chain_ctx);
  STACK_OF(X509)* sent = X509_STORE_CTX_get0_untrusted(chain_ctx);
  X509* anchor = check->anchor;
  if (anchor == nullptr) {  // enrolment: the anchor is the certificate in the chain the pin names
    for (int i = 0; sent != nullptr && i < sk_X509_num(sent); ++i) {
      X509* c = sk_X509_value(sent, i);
      if (!check->pin.empty() && PinOfFingerprintHex(FingerprintHex(c)) == check->pin) anchor = c;
    }
    if (anchor == nullptr) {
      check->failure =
          "The hub at this address is not the one the enrolment code names; check the address and the code.";
      return 0;
    }
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  if (!store || !ctx || X509_STORE_add_cert(store.get(), anchor) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), leaf, sent) != 1 ||
      X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER) != 1 || X509_verify_cert(ctx.get()) != 1) {
    check->failure = check->anchor != nullptr
                         ? "The hub at this address is not the office hub this device was enrolled with."
                         : "The hub at this address presented a certificate its own authority did not issue.";
    return 0;
  }
  return 1;
}

std::string TransportSentence(httplib::Error error, const PinCheck& check) {
  if (!check.failure.empty()) return check.failure;
  switch (error) {
    // Both "could not be reached" sentences start alike: IsHubUnreachable tells them by it.
    case httplib::Error::Connection:
      return std::string(kUnreachable) +
             " at this address; check that this device is on the office network and that the hub is running, "
             "then sync again.";
    case httplib::Error::ConnectionTimeout:
      return std::string(kUnreachable) + ": it did not answer in time; check the office network, then sync again.";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification:
    case httplib::Error::SSLLoadingCerts:
      return "The secure connection with the office hub failed; the hub may not accept this device.";
    case httplib::Error::Read:
    case httplib::Error::Write:
      return "The connection with the office hub was cut; try again.";
    default:
      return "The exchange with the office hub failed; try again.";
  }
}

class TlsTransport final : public HubTransport {
 public:
  TlsTransport(std::unique_ptr<PinCheck> check, std::unique_ptr<httplib::SSLClient> client,
               const std::atomic<bool>* cancel)
      : check_(std::move(check)), client_(std::move(client)), cancel_(cancel) {
    if (cancel_ == nullptr) return;
    client_->set_socket_options([this](socket_t sock) { Adopt(sock); });
    watcher_ = std::thread([this] { Watch(); });
  }
  ~TlsTransport() override {
    {
      std::lock_guard lock(watch_mutex_);
      closing_ = true;
    }
    watch_wake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    if (socket_ >= 0) ::close(socket_);
  }

  using HubTransport::Post;
  Result<HubReply> Post(std::string_view path, std::string_view content_type, std::span<const uint8_t> body,
                        const HubHeaders& headers) override {
    if (Cancelled()) return HubSyncCancelled();
    check_->failure.clear();
    httplib::Headers sent;
    for (const auto& [name, value] : headers) sent.emplace(name, value);
    auto res = client_->Post(std::string(path), sent, reinterpret_cast<const char*>(body.data()), body.size(),
                             std::string(content_type));
    return Reply(res);
  }

  Result<HubReply> Get(std::string_view path) override {
    if (Cancelled()) return HubSyncCancelled();
    check_->failure.clear();
    auto res = client_->Get(std::string(path));
    return Reply(res);
  }

 private:
  bool Cancelled() const { return cancel_ != nullptr && cancel_->load(); }

  // Cancelling: a request blocked on the socket returns only when the socket is shut, which
  // httplib's stop() does safely from another thread once a request is under way. A connection
  // still being set up (TCP connect, TLS handshake) is not one httplib's stop() reaches, so the
  // watcher also shuts the socket itself, through its own duplicate of it (taken when httplib
  // creates the socket, so the number can never name another file by then): a connect or
  // handshake in progress fails at once. Checked every 20 ms while the transport lives, and again
  // after a cancel, for a socket created after it (its connect starts right after creation).
  void Watch() {
    std::unique_lock lock(watch_mutex_);
    bool stopped = false;
    while (!closing_) {
      if (cancel_->load()) {
        {
          std::lock_guard socket_lock(socket_mutex_);
          if (socket_ >= 0) ::shutdown(socket_, SHUT_RDWR);
        }
        // After the shutdown: httplib holds its socket lock through a connect and handshake, so
        // its stop() waits for them to end, which the shutdown above makes immediate.
        if (!stopped) client_->stop();
        stopped = true;
      }
      watch_wake_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }

  // Called by httplib with each socket it creates, before it connects.
  void Adopt(socket_t sock) {
    std::lock_guard socket_lock(socket_mutex_);
    if (socket_ >= 0) ::close(socket_);  // the previous connection's: httplib is done with it
    socket_ = ::fcntl(sock, F_DUPFD_CLOEXEC, 0);
  }

  Result<HubReply> Reply(const httplib::Result& res) {
    if (!res && Cancelled()) return HubSyncCancelled();
    if (!res) return IoError(TransportSentence(res.error(), *check_));
    HubReply reply;
    reply.status = res->status;
    reply.content_type = res->get_header_value("Content-Type");
    reply.body.assign(res->body.begin(), res->body.end());
    return reply;
  }

  std::unique_ptr<PinCheck> check_;  // outlives the client, whose SSL_CTX points to it
  std::unique_ptr<httplib::SSLClient> client_;
  const std::atomic<bool>* cancel_;
  std::mutex socket_mutex_;
  int socket_ = -1;  // our duplicate of the socket httplib created last (cancel only), or -1
  std::mutex watch_mutex_;
  std::condition_variable watch_wake_;
  bool closing_ = false;
  std::thread watcher_;
};

Status CheckAddress(const std::string& host, int port) {
  if (host.empty() || port <= 0 || port > 65535) return InvalidInput("The office hub's address must be HOST:PORT.");
  return Status::Ok();
}

Result<std::unique_ptr<HubTransport>> Finish(std::unique_ptr<PinCheck> check,
                                             std::unique_ptr<httplib::SSLClient> client, int timeout_seconds,
                                             const std::atomic<bool>* cancel) {
  // OpenSSL writes to the socket with write(2): a hub that hangs up mid-request (killed, cut
  // network) would otherwise end this process with SIGPIPE instead of an error sentence.
  std::signal(SIGPIPE, SIG_IGN);
  if (!client->is_valid()) return Internal("This device could not prepare its secure connection to the office hub.");
  SSL_CTX* ctx = client->ssl_context();
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, VerifyHubChain, check.get());
  // Our callback is the verification; httplib's own would add the system's authorities.
  client->enable_server_certificate_verification(false);
  const int t = timeout_seconds > 0 ? timeout_seconds : 30;
  client->set_connection_timeout(t, 0);
  client->set_read_timeout(t, 0);
  client->set_write_timeout(t, 0);
  client->set_keep_alive(true);
  client->set_follow_location(false);
  return std::unique_ptr<HubTransport>(new TlsTransport(std::move(check), std::move(client), cancel));
}

}  // namespace

bool IsHubUnreachable(const Status& status) {
  return status.code() == Code::kIoError && status.message().starts_with(kUnreachable);
}
bool IsHubSyncCancelled(const Status& status) {
  return status.code() == Code::kIoError && status.message() == kCancelled;
}
Status HubSyncCancelled() { return IoError(std::string(kCancelled)); }

Result<std::unique_ptr<HubTransport>> ConnectTls(const TlsClientConfig& config) {
  PASSERELLE_RETURN_IF_ERROR(CheckAddress(config.host, config.port));
  auto check = std::make_unique<PinCheck>();
  {
    std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(
        BIO_new_mem_buf(config.ca_cert_pem.data(), static_cast<int>(config.ca_cert_pem.size())), BIO_free_all);
    check->anchor = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  }
  if (check->anchor == nullptr || FingerprintHex(check->anchor) != config.pinned_ca_fingerprint_hex)
    return Corrupt("The office hub's certificate saved at enrolment does not match its fingerprint; enrol again.");
  std::unique_ptr<BIO, decltype(&BIO_free_all)> cert_bio(
      BIO_new_mem_buf(config.client_cert_pem.data(), static_cast<int>(config.client_cert_pem.size())), BIO_free_all);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> key_bio(
      BIO_new_mem_buf(config.client_key_pem.data(), static_cast<int>(config.client_key_pem.size())), BIO_free_all);
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr),
                                                   X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!cert || !key || X509_check_private_key(cert.get(), key.get()) != 1)
    return Corrupt("This device's certificate for the office hub is damaged; enrol again.");
  // SSLClient takes its own references to the certificate and key.
  auto client = std::make_unique<httplib::SSLClient>(config.host, config.port, cert.get(), key.get());
  return Finish(std::move(check), std::move(client), config.timeout_seconds, config.cancel);
}

Result<std::unique_ptr<HubTransport>> ConnectForEnrolment(const std::string& host, int port,
                                                          const std::string& pin_prefix) {
  PASSERELLE_RETURN_IF_ERROR(CheckAddress(host, port));
  if (pin_prefix.size() != kEnrolmentPinChars) return InvalidInput("The enrolment code is not complete.");
  auto check = std::make_unique<PinCheck>();
  check->pin = pin_prefix;
  auto client = std::make_unique<httplib::SSLClient>(host, port);
  return Finish(std::move(check), std::move(client), 30, nullptr);
}

}  // namespace passerelle::sync
