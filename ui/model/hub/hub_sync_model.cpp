#include "hub_sync_model.h"

#include <cctype>

#include "passerelle/sync/hub_transport.h"
#include "secret_text.h"

namespace passerelle::ui {

std::string HubErrorKey(const Status& status, HubJob job) {
  const bool joining = job == HubJob::kJoining;
  switch (status.code()) {
    // Not reached at all (nothing exchanged) or cut on the way (what arrived is kept).
    case Code::kIoError: return sync::IsHubUnreachable(status) ? "hub.error.unreachable" : "hub.error.cut";
    case Code::kRefused: return joining ? "hub.error.code_refused" : "hub.error.revoked";
    case Code::kConflict: return joining ? "hub.error.already_enrolled" : "hub.error.busy";
    case Code::kCorrupt: return joining ? "hub.error.not_this_office" : "hub.error.damaged";
    case Code::kInvalidInput: return joining ? "hub.error.code_format" : "hub.error.other";
    case Code::kNotFound: return joining ? "hub.error.other" : "hub.error.not_enrolled";
    case Code::kUnsupported: return "hub.error.unsupported";
    default: return "hub.error.other";
  }
}

std::string HubSyncModel::NormalisedCode() const {
  std::string out;
  for (char c : code_) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool HubSyncModel::CanJoin() const {
  // 8 characters of secret + 12 of the office's fingerprint (docs/hub.md, "Enrolment").
  return !address_.empty() && NormalisedCode().size() == 20 && !running();
}

float HubSyncModel::Fraction() const {
  uint64_t total = progress_.to_upload + progress_.to_download;
  if (!progress_.connected) return -1.0f;
  if (total == 0) return job_ == HubJob::kSyncing ? -1.0f : 1.0f;
  uint64_t done = progress_.uploaded + progress_.downloaded;
  if (done > total) done = total;
  return static_cast<float>(done) / static_cast<float>(total);
}

void HubSyncModel::SetEnrolment(const HubEnrolment& e, bool network_off) {
  enrolment_ = e;
  last_sync_local_ = LocalTimeOf(e.last_sync_utc);
  if (!e.address.empty() && address_.empty()) address_ = e.address;
  network_off_ = network_off;
  loaded_ = true;
}

void HubSyncModel::Start(HubJob job) {
  job_ = job;
  progress_ = {};
  error_.reset();
  if (job == HubJob::kSyncing) result_.reset();
  just_enrolled_ = false;
}

void HubSyncModel::Finish(HubResultView result) {
  job_ = HubJob::kNone;
  result_ = std::move(result);
}

void HubSyncModel::Enrolled(const HubEnrolment& e) {
  job_ = HubJob::kNone;
  SetEnrolment(e, network_off_);
  WipeString(code_);  // single use: nothing to keep
  just_enrolled_ = true;
}

void HubSyncModel::Fail(HubErrorView error) {
  job_ = HubJob::kNone;
  error_ = std::move(error);
}

static void WipePackets(HubResultView& r) {
  for (auto& p : r.packets_received) WipeString(p.person);
}

void HubSyncModel::ClearResult() {
  if (result_) {
    for (auto& c : result_->changes) WipeString(c.person_name);
    WipePackets(*result_);
  }
  result_.reset();
  error_.reset();
  just_enrolled_ = false;
}

void HubSyncModel::Wipe() {
  if (result_) {
    for (auto& c : result_->changes) {
      WipeString(c.person_name);
      WipeStrings(c.authors);
    }
    WipePackets(*result_);
  }
  result_.reset();
  error_.reset();
  WipeString(code_);
  WipeString(address_);
  enrolment_ = {};
  last_sync_local_.clear();
  job_ = HubJob::kNone;
  progress_ = {};
  just_enrolled_ = false;
  loaded_ = false;
}

}  // namespace passerelle::ui
