// The record forms (ui/model/record_form.h): a new person with their dossier, a plan item, a
// consent, and withdrawing a consent. Over a real (demo) vault: a valid submit creates the
// records; invalid input gives each field a translated one-sentence message and writes nothing
// (the vault's version vector does not move). The same through AppController's intents is in
// controller_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>

#include "dates.h"
#include "demo_vault.h"
#include "i18n.h"
#include "passerelle/core/case_files.h"
#include "record_form.h"
#include "load_i18n.h"
#include "support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::ui;

namespace {

using testing::LoadI18n;

struct VaultFixture {
  testing::TempDir dir;
  std::unique_ptr<core::Vault> vault;
  std::string today;
  VaultFixture() {
    auto v = demo::CreateDemoVault(dir.File("demo.vault"));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    today = core::Today(*vault);
  }
  core::VersionVector Version() const {
    auto v = vault->Version();
    REQUIRE(v.ok());
    return *v;
  }
  size_t Dossiers() const {
    auto list = core::ListDossiers(*vault);
    REQUIRE(list.ok());
    return list->size();
  }
  size_t Persons() const {
    auto list = core::ListPersons(*vault);
    REQUIRE(list.ok());
    return list->size();
  }
  core::DossierDetail Detail(const std::string& id) const {
    auto d = core::ShowDossier(*vault, id);
    REQUIRE(d.ok());
    return *d;
  }
  std::string FirstDossier() const {
    auto list = core::ListDossiers(*vault);
    REQUIRE(list.ok());
    REQUIRE(!list->empty());
    return list->front().dossier.id;
  }
};

// Every message a form can show is a key present in each language.
void CheckTranslated(const I18n& i18n, const std::string& key) {
  CAPTURE(key);
  for (auto lang : I18n::kLanguages) CHECK(i18n.table(lang).count(key) == 1);
}

}  // namespace

TEST_CASE("dates typed the Belgian way become the vault's YYYY-MM-DD") {
  CHECK(ParseDateInput("04/11/2026") == "2026-11-04");
  CHECK(ParseDateInput(" 4/11/2026 ") == "2026-11-04");
  CHECK(ParseDateInput("4.11.2026") == "2026-11-04");
  CHECK(ParseDateInput("04-11-2026") == "2026-11-04");
  CHECK(ParseDateInput("2026-11-04") == "2026-11-04");
  CHECK(ParseDateInput("29/02/2028") == "2028-02-29");  // leap year
  CHECK(ParseDateInput("29/02/2027").empty());
  CHECK(ParseDateInput("31/04/2026").empty());
  CHECK(ParseDateInput("04/11/26").empty());  // two-digit year: refused, not guessed
  CHECK(ParseDateInput("11/2026").empty());
  CHECK(ParseDateInput("demain").empty());
  CHECK(ParseDateInput("").empty());
  CHECK(ParseDateInput("01/01/1850").empty());  // the core accepts 1900 onwards
  CHECK(FormatDateInput("2026-11-04") == "04/11/2026");
  CHECK(FormatDateInput("nonsense").empty());
}

TEST_CASE("new dossier: a valid form creates the person and their dossier") {
  VaultFixture f;
  size_t dossiers = f.Dossiers(), persons = f.Persons();
  RecordForm form;
  form.Open(FormKind::kNewDossier, "", f.today);
  CHECK(form.Find("opened_on")->value == FormatDateInput(f.today));  // today, prefilled
  CHECK(form.Find("basis")->value == "voluntary");
  CHECK_FALSE(form.Shows(*form.Find("mandate_conditions")));  // only under a mandate
  REQUIRE(form.Set("name", "  Yasmina El Idrissi "));
  REQUIRE(form.Set("alias", "Yasmi"));
  REQUIRE(form.Set("birth_date", "12/03/1994"));
  REQUIRE(form.Set("language", "nl"));
  REQUIRE(form.Set("establishment", "Prison de Haren"));
  REQUIRE(form.Set("status", "sentenced"));
  REQUIRE(form.Set("basis", "mandate"));
  CHECK(form.Shows(*form.Find("mandate_conditions")));
  REQUIRE(form.Set("mandate_conditions", "Suivi psychosocial mensuel"));
  REQUIRE(form.Set("expected_release", "1/6/2027"));
  REQUIRE(form.Set("next_hearing", ""));
  auto id = form.Submit(*f.vault);
  REQUIRE(id.ok());
  CHECK(form.error_key().empty());
  CHECK(f.Dossiers() == dossiers + 1);
  CHECK(f.Persons() == persons + 1);
  auto d = f.Detail(*id);
  const auto& p = d.summary.person;
  CHECK(p.name == "Yasmina El Idrissi");  // trimmed
  CHECK(p.alias == "Yasmi");
  CHECK(p.birth_date == "1994-03-12");
  CHECK(p.language == "nl");
  CHECK(p.establishment == "Prison de Haren");
  CHECK(p.status == "sentenced");
  const auto& dos = d.summary.dossier;
  CHECK(dos.basis == "mandate");
  CHECK(dos.mandate_conditions == "Suivi psychosocial mensuel");
  CHECK(dos.opened_on == f.today);
  CHECK(dos.expected_release == "2027-06-01");
  CHECK(dos.next_hearing.empty());
  CHECK(dos.referent == f.vault->worker());  // the worker who opens it is the référent
}

TEST_CASE("new dossier: invalid input gives each field its message and writes nothing") {
  VaultFixture f;
  I18n i18n = LoadI18n();
  auto before = f.Version();
  size_t persons = f.Persons();
  RecordForm form;
  form.Open(FormKind::kNewDossier, "", f.today);
  REQUIRE(form.Set("name", "   "));                    // blank
  REQUIRE(form.Set("birth_date", "31/02/1990"));        // no such day
  REQUIRE(form.Set("expected_release", "next spring"));  // not a date
  REQUIRE(form.Set("opened_on", ""));                   // required
  // Choices outside the core's vocabularies are refused at once.
  CHECK_FALSE(form.Set("status", "on_the_run"));
  CHECK_FALSE(form.Set("language", "klingon"));
  CHECK_FALSE(form.Set("no_such_field", "x"));
  auto id = form.Submit(*f.vault);
  CHECK(id.status().code() == Code::kInvalidInput);
  CHECK(form.error_key() == "form.invalid");
  CHECK(form.Find("name")->error == "form.error.required");
  CHECK(form.Find("birth_date")->error == "form.error.date");
  CHECK(form.Find("expected_release")->error == "form.error.date");
  CHECK(form.Find("opened_on")->error == "form.error.required");
  CHECK(form.Find("status")->error == "form.error.choose");  // required, nothing chosen
  CHECK(form.Find("alias")->error.empty());
  CHECK(f.Version() == before);
  CHECK(f.Persons() == persons);
  for (const auto& field : form.fields())
    if (!field.error.empty()) CheckTranslated(i18n, field.error);
  CheckTranslated(i18n, form.error_key());

  // Editing a field clears its message; a birth date in the future is refused.
  REQUIRE(form.Set("name", "Luc"));
  CHECK(form.Find("name")->error.empty());
  REQUIRE(form.Set("birth_date", FormatDateInput(AddDays(f.today, 1))));
  REQUIRE(form.Set("status", "pretrial_detention"));
  REQUIRE(form.Set("opened_on", FormatDateInput(f.today)));
  REQUIRE(form.Set("expected_release", ""));
  CHECK_FALSE(form.Submit(*f.vault).ok());
  CHECK(form.Find("birth_date")->error == "form.error.birth_in_future");
  CheckTranslated(i18n, "form.error.birth_in_future");
  CHECK(f.Version() == before);
  REQUIRE(form.Set("birth_date", ""));
  CHECK(form.Submit(*f.vault).ok());
  CHECK(f.Persons() == persons + 1);
}

TEST_CASE("plan item: valid creates it on the dossier; missing domain or goal writes nothing") {
  VaultFixture f;
  std::string dossier = f.FirstDossier();
  size_t items = f.Detail(dossier).plan.size();
  auto before = f.Version();
  RecordForm form;
  form.Open(FormKind::kNewPlanItem, dossier, f.today);
  CHECK(form.Find("status")->value == "planned");
  REQUIRE(form.Set("due_date", "2026-13-01"));
  CHECK_FALSE(form.Set("domain", "astrology"));
  CHECK_FALSE(form.Submit(*f.vault).ok());
  CHECK(form.Find("domain")->error == "form.error.choose");
  CHECK(form.Find("goal")->error == "form.error.required");
  CHECK(form.Find("due_date")->error == "form.error.date");
  CHECK(f.Version() == before);

  REQUIRE(form.Set("domain", "social_admin_rights"));
  REQUIRE(form.Set("goal", "Renouveler la carte d’identité avant la sortie"));
  REQUIRE(form.Set("due_date", "15/01/2027"));
  REQUIRE(form.Set("barriers", "Pas d’adresse de référence"));
  REQUIRE(form.Set("levers", "Le CPAS accepte une adresse de référence"));
  auto id = form.Submit(*f.vault);
  REQUIRE(id.ok());
  auto plan = f.Detail(dossier).plan;
  CHECK(plan.size() == items + 1);
  auto it = std::find_if(plan.begin(), plan.end(), [&](const core::PlanItem& p) { return p.id == *id; });
  REQUIRE(it != plan.end());
  CHECK(it->domain == "social_admin_rights");
  CHECK(it->status == "planned");
  CHECK(it->due_date == "2027-01-15");
  CHECK(it->barriers == "Pas d’adresse de référence");
  CHECK(it->levers == "Le CPAS accepte une adresse de référence");
}

TEST_CASE("consent: valid creates it; an expiry before the date given is refused and writes nothing") {
  VaultFixture f;
  I18n i18n = LoadI18n();
  std::string dossier = f.FirstDossier();
  size_t consents = f.Detail(dossier).consents.size();
  auto before = f.Version();
  RecordForm form;
  form.Open(FormKind::kNewConsent, dossier, f.today, {"Maison de justice"});
  CHECK(form.Find("given_on")->value == FormatDateInput(f.today));
  CHECK(form.Find("partner")->suggestions == std::vector<std::string>{"Maison de justice"});
  REQUIRE(form.Set("partner", "CAPREV"));
  REQUIRE(form.Set("scope", "shared_notes"));
  REQUIRE(form.Set("expires_on", FormatDateInput(AddDays(f.today, -1))));
  CHECK_FALSE(form.Submit(*f.vault).ok());
  CHECK(form.Find("expires_on")->error == "form.error.expires_before_given");
  CheckTranslated(i18n, "form.error.expires_before_given");
  CHECK(f.Version() == before);

  REQUIRE(form.Set("expires_on", FormatDateInput(AddDays(f.today, 365))));
  auto id = form.Submit(*f.vault);
  REQUIRE(id.ok());
  auto list = f.Detail(dossier).consents;
  CHECK(list.size() == consents + 1);
  auto it = std::find_if(list.begin(), list.end(), [&](const core::Consent& c) { return c.id == *id; });
  REQUIRE(it != list.end());
  CHECK(it->partner == "CAPREV");
  CHECK(it->scope == "shared_notes");
  CHECK(it->given_on == f.today);
  CHECK(it->expires_on == AddDays(f.today, 365));
  CHECK(it->ActiveOn(f.today));
}

TEST_CASE("closing a form wipes what was typed") {
  RecordForm form;
  form.Open(FormKind::kNewDossier, "", "2026-11-04");
  REQUIRE(form.Set("name", "Someone"));
  form.Close();
  CHECK_FALSE(form.open());
  CHECK(form.fields().empty());
  CHECK(form.Find("name") == nullptr);
}
