// The disclosure screens drawn headless (no window, no GPU; as screens_test.cpp): the Disclosures
// tab, the attestation and referral sheets with their previews, the report editors and the
// consent screen, in every language, with no missing key; taps become the feature's intents.
#include <doctest/doctest.h>

#include <cstdlib>

#include "support/headless_screens.h"
#include "imgui.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

// The disclosure screens at a small laptop's size, unlocked.
struct Headless : testing::Headless {
  Headless() : testing::Headless(ImVec2(1024, 768)) { Unlock(); }
};

}  // namespace

TEST_CASE("disclosure screens draw in every language with their key widgets and no missing key") {
  Headless h;
  for (std::string lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    UiIntents setup;
    setup.Push(intent::SetLanguage{lang});
    h.app->Apply(setup);

    h.Show("disclosures");
    h.Find("dossier.tab.disclosures");
    h.Find("disclosure.log");
    CHECK(h.Find("disclosure.open.attendance").enabled);
    h.Find("disclosure.open.exit_report");
    h.Find("disclosure.open.co_report");
    h.Find("disclosure.open.consents");
    REQUIRE_FALSE(h.app->disclosure().log().empty());
    h.Find("disclosure.log." + h.app->disclosure().log().front().id);
    CHECK(h.app->ui().dossier_tab.empty());  // asked once, then left to the worker

    h.Show("attestation");
    h.Find("disclosure.dialog");
    h.Find("disclosure.preview");
    CHECK(h.Find("disclosure.confirm").enabled);
    h.Find("disclosure.recipient.Maison de justice");

    h.Show("referral_sheet");
    h.Find("disclosure.dialog");
    h.Find("disclosure.tick.plan_item.levers");
    h.Find("disclosure.preview");
    UiIntents close;
    close.Push(intent::CloseDisclosure{});
    h.app->Apply(close);

    h.Show("exit_report");
    h.Find("report.title");
    h.Find("exit.residual_risk");
    h.Find("exit.help_and_contact");
    h.Find("report.disclose");

    h.Show("co_report");
    h.Find("co.agreement");
    h.Find("co.voice_person.1");
    h.Find("co.how.signed");
    CHECK_FALSE(h.Find("co.record_agreement").enabled);  // how the person agreed is not chosen yet

    h.Show("consents");
    h.Find("consents.title");
    REQUIRE_FALSE(h.app->disclosure().consents().empty());
    for (const auto& c : h.app->disclosure().consents()) h.Find("consents.card." + c.consent.id);
  }
  CHECK(h.i18n.missing() == std::vector<std::string>{});
}

TEST_CASE("taps: the tab opens the attestation sheet; Confirm is off until a preview; Preview asks the core") {
  Headless h;
  h.Show("disclosures");
  h.Tap("disclosure.open.attendance");
  const auto* open = h.intents.Find<intent::OpenDisclosure>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == DisclosureKind::kAttendance);
  h.app->Apply(h.intents);
  h.Frames(3);
  CHECK_FALSE(h.Find("disclosure.confirm").enabled);  // nothing previewed yet
  CHECK(h.Find("disclosure.preview_button").enabled);
  h.Tap("disclosure.preview_button");
  CHECK(h.intents.Find<intent::PreviewDisclosure>() != nullptr);
  h.app->Apply(h.intents);
  h.Frames(3);
  h.Find("disclosure.preview");
  CHECK(h.Find("disclosure.confirm").enabled);
  h.Tap("disclosure.close");
  CHECK(h.intents.Find<intent::CloseDisclosure>() != nullptr);
}

TEST_CASE("the plan's referrals offer a referral sheet; the consents tab leads to what each consent allows") {
  Headless h;
  h.Show("dossier");
  UiIntents tab;
  tab.Push(intent::ShowDossierTab{"plan"});
  h.app->Apply(tab);
  h.Frames(3);
  std::string referral;
  for (const auto& g : h.app->dossier().plan())
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals) referral = r.referral.id;
  REQUIRE_FALSE(referral.empty());
  h.Tap("dossier.referral_sheet." + referral);
  const auto* open = h.intents.Find<intent::OpenDisclosure>();
  REQUIRE(open != nullptr);
  CHECK(open->kind == DisclosureKind::kReferral);
  CHECK(open->referral_id == referral);
  h.intents.Take();
  tab.Push(intent::ShowDossierTab{"consents"});
  h.app->Apply(tab);
  h.Frames(3);
  h.Tap("dossier.consents_allow");
  CHECK(h.intents.Find<intent::OpenConsents>() != nullptr);
}
