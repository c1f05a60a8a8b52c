#include "hub_demo_port.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "passerelle/core/case_files.h"

namespace passerelle::ui {
namespace {

class DemoHubPort : public HubPort {
 public:
  explicit DemoHubPort(bool enrolled) {
    if (enrolled) enrolment_ = Office();
  }

  Result<HubEnrolment> Enrolment(core::Vault&) override {
    std::lock_guard lock(mutex_);
    return enrolment_;
  }
  Result<bool> NetworkOff(core::Vault&) override {
    std::lock_guard lock(mutex_);
    return network_off_;
  }
  Status SetNetworkOff(core::Vault&, bool off) override {
    std::lock_guard lock(mutex_);
    network_off_ = off;
    return Status::Ok();
  }
  Result<HubEnrolment> Join(core::Vault&, const std::string& address, const std::string& code) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (code.size() != 20) return InvalidInput("The enrolment code has 20 letters and digits.");
    std::lock_guard lock(mutex_);
    enrolment_ = Office();
    enrolment_.address = address;
    enrolment_.last_sync_utc.clear();
    return enrolment_;
  }
  Result<HubSyncOutcome> Sync(core::Vault& vault, const std::function<void(const HubProgress&)>& progress,
                              const std::atomic<bool>& cancel) override {
    HubSyncOutcome out;
    HubProgress p{12, 0, 30, 0, true};
    for (int step = 0; step < 14 && !cancel; ++step) {
      if (p.uploaded < p.to_upload) ++p.uploaded;
      else p.downloaded = std::min<uint64_t>(p.to_download, p.downloaded + 15);
      progress(p);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    out.uploaded = p.uploaded;
    out.downloaded = p.downloaded;
    // The demo's first case files, "changed" by two colleagues (nothing is written).
    auto dossiers = core::ListDossiers(vault);
    if (dossiers.ok()) {
      const char* authors[][2] = {{"Ana (CAPREV)", ""}, {"Ana (CAPREV)", "Jonas (CAW)"}};
      for (size_t i = 0; i < dossiers->size() && i < 2; ++i) {
        sync::DossierChange c{(*dossiers)[i].dossier.id, (*dossiers)[i].person.name, i == 0 ? 18u : 12u, {}};
        for (const char* a : authors[i])
          if (*a) c.authors.push_back(a);
        out.changes.push_back(std::move(c));
      }
    }
    // And a sealed attestation handed to the office for the maison de justice (nothing is sent).
    out.packets_sent.push_back({"attendance", "Maison de justice de Liège", "", 0});
    std::lock_guard lock(mutex_);
    enrolment_.last_sync_utc = Now();
    out.finished_utc = enrolment_.last_sync_utc;
    return out;
  }

 private:
  static HubEnrolment Office() {
    return {true, "Maison de justice de Liège", "CAPREV", "hub.mdj-liege.example:8443", "2026-12-03T16:45:00Z"};
  }
  static std::string Now() {
    std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return out;
  }
  std::mutex mutex_;
  HubEnrolment enrolment_;
  bool network_off_ = false;
};

}  // namespace

std::unique_ptr<HubPort> MakeDemoHubPort(bool enrolled) { return std::make_unique<DemoHubPort>(enrolled); }

}  // namespace passerelle::ui
