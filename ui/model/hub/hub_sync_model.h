// "Sync with the office": the view-model of the sync screen's office section. What the vault knows
// of the office hub (its name, the last sync), the "never use the network" setting, the enrolment
// form (address and code as typed), the running sync's progress in records, and the result in the
// worker's words (which case files changed, by whom) or one sentence saying what went wrong.
// Never an id, a byte count or a command. Filled by HubSyncController on the UI thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hub_port.h"
#include "sync_model.h"

namespace passerelle::ui {

enum class HubJob { kNone, kJoining, kSyncing };

struct HubResultView {
  uint64_t uploaded = 0, downloaded = 0;
  std::vector<ChangeRow> changes;  // person and authors by name; ids only for "open the case file"
  // Sealed documents for or from another organisation (hub.packet_*).
  std::vector<HubPacketLine> packets_sent, packets_received;
  uint64_t packets_unreadable = 0;
  uint64_t packets_refused = 0;  // refused for good by the office: never sent again
  bool Empty() const {
    return uploaded == 0 && downloaded == 0 && packets_sent.empty() && packets_received.empty() &&
           packets_unreadable == 0 && packets_refused == 0;
  }
};

// An error in words: `key` is the translated sentence (hub.error.*), `detail` the hub client's own
// sentence (kept for the administrator; may be empty).
struct HubErrorView {
  std::string key;
  std::string detail;
};

// Which sentence a failed enrolment or sync shows (hub.error.*): the status code decides.
std::string HubErrorKey(const Status& status, HubJob job);

class HubSyncModel {
 public:
  bool loaded() const { return loaded_; }
  bool enrolled() const { return enrolment_.enrolled; }
  const std::string& hub_name() const { return enrolment_.hub_name; }
  const std::string& organisation() const { return enrolment_.organisation; }
  // Local time "YYYY-MM-DD HH:MM", "" = never.
  const std::string& last_sync() const { return last_sync_local_; }
  bool network_off() const { return network_off_; }

  const std::string& address() const { return address_; }
  const std::string& code() const { return code_; }
  // The typed code, normalised: upper case, without spaces or dashes (what the hub expects).
  std::string NormalisedCode() const;
  // True when the address and the code are worth sending (the hub decides the rest).
  bool CanJoin() const;

  HubJob job() const { return job_; }
  bool running() const { return job_ != HubJob::kNone; }
  const HubProgress& progress() const { return progress_; }
  // 0..1 in records; negative while the totals are not known yet (an indeterminate bar).
  float Fraction() const;

  const std::optional<HubResultView>& result() const { return result_; }
  const std::optional<HubErrorView>& error() const { return error_; }
  bool just_enrolled() const { return just_enrolled_; }

  // ---- written by HubSyncController ----
  void SetEnrolment(const HubEnrolment& e, bool network_off);
  void SetNetworkOff(bool off) { network_off_ = off; }
  void SetAddress(std::string a) { address_ = std::move(a); }
  void SetCode(std::string c) { code_ = std::move(c); }
  void Start(HubJob job);
  void SetProgress(const HubProgress& p) { progress_ = p; }
  void Finish(HubResultView result);
  void Enrolled(const HubEnrolment& e);
  void Fail(HubErrorView error);
  void ClearResult();
  void Abandon() { job_ = HubJob::kNone; }
  void Wipe();

 private:
  bool loaded_ = false;
  HubEnrolment enrolment_;
  std::string last_sync_local_;
  bool network_off_ = false;
  std::string address_, code_;
  HubJob job_ = HubJob::kNone;
  HubProgress progress_;
  std::optional<HubResultView> result_;
  std::optional<HubErrorView> error_;
  bool just_enrolled_ = false;
};

}  // namespace passerelle::ui
