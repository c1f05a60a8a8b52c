// The office section of the sync screen. Words a social worker uses: the office's name, records
// ("changes"), people's names; never an address on the main view, an id, a byte count or a command.
#include "hub_sync_screen.h"

#include <string>

#include "change_words.h"
#include "dossier_intents.h"
#include "hub_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

std::string When(const ScreenEnv& env, const std::string& local) {
  if (local.empty()) return env.t.T("hub.never_synced");
  return env.t.Format("sync.when", {{"date", env.t.DateShort(local.substr(0, 10))},
                                    {"time", local.size() >= 16 ? local.substr(11, 5) : ""}});
}

void NetworkSetting(const HubSyncModel& model, const ScreenEnv& env, UiIntents& out) {
  bool off = model.network_off();
  ImGui::BeginDisabled(model.running());
  if (ImGui::Checkbox("###hub.network_off", &off)) out.Push(intent::SetNetworkOff{off});
  ImGui::EndDisabled();
  Probe(env, "hub.network_off");
  ImGui::SameLine();
  WrappedText(env, "hub.network_off_label", env.t.T("hub.network_off_label"));
}

void Enrolment(const HubSyncModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  WrappedText(env, "hub.not_enrolled", t.T("hub.not_enrolled"), true);
  SecretText edited;
  WrappedText(env, "hub.address_label", t.T("hub.address_label"));
  if (EditLine(env, "hub.address", t.T("hub.address_hint"), model.address(), &edited))
    out.Push(intent::SetHubAddress{edited.str()});
  WrappedText(env, "hub.code_label", t.T("hub.code_label"));
  if (EditLine(env, "hub.code", t.T("hub.code_hint"), model.code(), &edited)) out.Push(intent::SetHubCode{edited.str()});
  bool can = model.CanJoin() && !model.network_off();
  ButtonRow row(env);
  if (row.Primary("hub.join", t.T(model.job() == HubJob::kJoining ? "hub.joining" : "hub.join"), can))
    out.Push(intent::JoinHub{});
}

void Progress(const HubSyncModel& model, const ScreenEnv& env) {
  const I18n& t = env.t;
  const HubProgress& p = model.progress();
  float fraction = model.Fraction();
  std::string caption = fraction < 0 ? std::string(t.T(p.connected ? "hub.counting" : "hub.connecting"))
                                     : t.Format("hub.progress", {{"sent", std::to_string(p.uploaded)},
                                                                 {"to_send", std::to_string(p.to_upload)},
                                                                 {"received", std::to_string(p.downloaded)},
                                                                 {"to_receive", std::to_string(p.to_download)}});
  ImGui::ProgressBar(fraction < 0 ? 0.0f : fraction, ImVec2(-1.0f, Px(env, 14)), "");
  Probe(env, "hub.progress");
  WrappedText(env, "hub.progress_text", caption);
}

// Sealed documents that left for another organisation or arrived from one, in words.
void Packets(const HubResultView& r, const ScreenEnv& env) {
  const I18n& t = env.t;
  for (const auto& p : r.packets_sent)
    WrappedText(env, "hub.packet_sent",
                t.Format("hub.packet_sent", {{"kind", std::string(t.Vocab("document_kind", p.kind))},
                                             {"org", p.organisation}}));
  for (const auto& p : r.packets_received)
    WrappedText(env, "hub.packet_received",
                t.Format("hub.packet_received", {{"person", p.person},
                                                 {"visits", t.Plural("hub.visits", static_cast<int64_t>(p.visits))},
                                                 {"org", p.organisation}}));
  if (r.packets_unreadable > 0)
    WrappedText(env, "hub.packets_unreadable",
                t.Plural("hub.packets_unreadable", static_cast<int64_t>(r.packets_unreadable)), true);
  if (r.packets_refused > 0)
    WrappedText(env, "hub.packets_refused",
                t.Plural("hub.packets_refused", static_cast<int64_t>(r.packets_refused)), true);
}

void Result(const HubSyncModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const HubResultView& r = *model.result();
  std::string summary = r.Empty()
                            ? std::string(t.T("hub.nothing_new"))
                            : t.Format("hub.done", {{"sent", t.Plural("hub.sent", static_cast<int64_t>(r.uploaded))},
                                                    {"received", t.Plural("hub.received", static_cast<int64_t>(r.downloaded))}});
  WrappedText(env, "hub.result", summary);
  Probe(env, "hub.result");
  for (const auto& c : r.changes) {
    ImGui::PushID(c.dossier_id.c_str());
    const std::string line = ChangeLine(env, c);
    if (!c.dossier_id.empty()) {  // the button first, so the rows' buttons line up
      if (TouchButton(env, "hub.open." + c.dossier_id, t.T("sync.open_dossier")))
        out.Push(intent::OpenDossier{c.dossier_id});
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
    }
    WrappedText(env, "hub.change", line);
    ImGui::PopID();
  }
  Packets(r, env);
}

}  // namespace

void DrawHubSync(const HubSyncModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("hub.title"));
  Probe(env, "hub.section");
  if (!model.loaded()) {
    WrappedText(env, "hub.unavailable", t.T("hub.unavailable"), true);
    return;
  }
  if (model.enrolled()) {
    Field(t.T("hub.office"), model.organisation().empty()
                                 ? model.hub_name()
                                 : t.Format("hub.office_of", {{"hub", model.hub_name()}, {"org", model.organisation()}}));
    Probe(env, "hub.office");
    Field(t.T("hub.last_sync"), When(env, model.last_sync()));
    Probe(env, "hub.last_sync");
    bool can = !model.network_off() && !model.running();
    ButtonRow row(env);
    if (row.Primary("hub.sync", t.T(model.job() == HubJob::kSyncing ? "hub.syncing" : "hub.sync"), can))
      out.Push(intent::SyncWithOffice{});
  } else {
    Enrolment(model, env, out);
  }
  if (model.network_off()) {
    Badge(env, t.T("hub.network_off_badge"), WarningColour());
    WrappedText(env, "hub.network_off_reason", t.T("hub.network_off_reason"));
  }
  if (model.job() == HubJob::kSyncing) Progress(model, env);
  if (model.just_enrolled())
    WrappedText(env, "hub.joined", t.Format("hub.joined", {{"hub", model.hub_name()}}));
  if (model.error() && !model.error()->key.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    WrappedText(env, "hub.error", t.T(model.error()->key.c_str()));
    ImGui::PopStyleColor();
    Probe(env, "hub.error");
  }
  if (model.result() && !model.running()) Result(model, env, out);
  NetworkSetting(model, env, out);
}

}  // namespace passerelle::ui
