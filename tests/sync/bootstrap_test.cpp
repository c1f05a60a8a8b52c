// A new device's first import in bounded batches (issue 14): the same result as one transaction,
// bad input anywhere writes nothing, an import interrupted between batches completes when the
// same bundle is imported again, and a completed one is still refused as a replay.
#include <doctest/doctest.h>

#include "passerelle/core/case_files.h"
#include "passerelle/sync/op_codec.h"
#include "sync_fixture.h"

using namespace passerelle;
using namespace passerelle::testing;

namespace {

// Ana's history: two case files, notes in every scope, edits, a note made private later.
void History(core::Vault& v) {
  for (int f = 0; f < 2; ++f) {
    CaseFile cf(v);
    for (int n = 0; n < 6; ++n) {
      auto note = core::AddNote(v, {{"dossier_id", cf.dossier}, {"scope", n % 3 == 0 ? "private" : "service"},
                                   {"body", "Entretien " + std::to_string(n) + " au parloir."}});
      REQUIRE(note.ok());
      REQUIRE(core::SaveNoteBody(v, *note, "Entretien " + std::to_string(n) + " au parloir, suite prévue.").ok());
      if (n == 4) REQUIRE(core::UpdateRecord(v, *note, {{"scope", "private"}}).ok());
    }
    REQUIRE(core::UpdateRecord(v, cf.dossier, {{"next_review", "2027-03-01"}}).ok());
  }
}

uint64_t Held(core::Vault& v) {
  auto held = core::SyncStore(v).Held();
  REQUIRE(held.ok());
  return held->Count();
}

}  // namespace

TEST_CASE("a batched import gives the same vault as one transaction") {
  Team t({"ana", "bram", "chloe"});
  History(*t.v[0]);
  auto bytes = t.Export(0, 1);
  core::SyncStore batched(*t.v[1]);
  batched.set_import_batch_ops(7);  // many batches
  auto report = batched.Import(t.Open(bytes));
  REQUIRE_MESSAGE(report.ok(), report.status().message());
  auto whole = core::SyncStore(*t.v[2]).Import(t.Open(t.Export(0, 2)));
  REQUIRE(whole.ok());
  CHECK(report->applied == whole->applied);
  CHECK(report->touched_entities == whole->touched_entities);
  CHECK(t.Dump(1) == t.Dump(0));
  CHECK(t.Dump(2) == t.Dump(0));
  CHECK(t.v[1]->Check()->empty());
  // Recorded once, with the last batch: a replay is refused.
  CHECK(batched.Import(t.Open(bytes)).status().code() == Code::kConflict);
  // And the acknowledgement came with it: Ana's next export to Bram is empty.
  t.Import(0, t.Export(1, 0));
  sync::ExportSummary s;
  t.Export(0, 1, &s);
  CHECK(s.ops == 0);
}

TEST_CASE("a bad op anywhere in a batched import writes nothing") {
  Team t({"ana", "bram"});
  History(*t.v[0]);
  auto p = t.Open(t.Export(0, 1));
  core::Op bad = core::SetField(p.ops.back().entity_id, "no_such_field", "x");
  bad.id = {p.ops.back().id.replica, p.ops.back().id.counter + 100};
  bad.hlc = p.ops.back().hlc + 1;
  p.ops.push_back(bad);
  core::SyncStore store(*t.v[1]);
  store.set_import_batch_ops(5);
  CHECK(store.Import(std::move(p)).status().code() == Code::kInvalidInput);
  CHECK(Held(*t.v[1]) == 0);
}

TEST_CASE("an import interrupted between batches completes when imported again") {
  Team t({"ana", "bram"});
  History(*t.v[0]);
  auto bytes = t.Export(0, 1);
  core::SyncStore store(*t.v[1]);
  store.set_import_batch_ops(6);
  // The last batch fails (as a crash before its commit would): the earlier ones stay merged.
  auto failed = store.Import(t.Open(bytes), [](const core::ApplyReport&) { return Status::Error(Code::kIoError, "cut"); });
  CHECK(failed.status().code() == Code::kIoError);
  const uint64_t partial = Held(*t.v[1]);
  CHECK(partial > 0);
  CHECK(partial < Held(*t.v[0]));
  CHECK(t.v[1]->Check()->empty());
  // The same file again: what is there counts as duplicates, the rest is merged, then recorded.
  auto again = store.Import(t.Open(bytes));
  REQUIRE_MESSAGE(again.ok(), again.status().message());
  CHECK(again->duplicates == partial);
  CHECK(t.Dump(1) == t.Dump(0));
  CHECK(t.v[1]->Check()->empty());
  CHECK(store.Import(t.Open(bytes)).status().code() == Code::kConflict);
}

namespace {

// A sealed bundle's ops read by the streamed decoder (sync::OpenedBundle), as ImportBundle reads a
// new device's history.
class StreamedOps : public core::OpSource {
 public:
  explicit StreamedOps(sync::OpenedBundle& b) : b_(b) {}
  size_t size() const override { return b_.op_count(); }
  Status Next(size_t max, std::vector<core::Op>* out) override { return b_.NextOps(max, out); }
  void Rewind() override { b_.Rewind(); }

 private:
  sync::OpenedBundle& b_;
};

}  // namespace

TEST_CASE("a bundle decoded a batch at a time imports as the whole decoded bundle does") {
  Team t({"ana", "bram", "chloe"});
  History(*t.v[0]);
  auto bytes = t.Export(0, 1);
  auto opened = sync::OpenBundleStream(bytes, t.Key());
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  // Every batch size gives the same ops as the whole decoder, in the same order.
  const auto whole = t.Open(bytes).ops;
  for (size_t batch : {1, 3, 7, 1000}) {
    (*opened)->Rewind();
    std::vector<core::Op> all, part;
    for (;;) {
      REQUIRE((*opened)->NextOps(batch, &part).ok());
      if (part.empty()) break;
      all.insert(all.end(), part.begin(), part.end());
    }
    REQUIRE(all.size() == whole.size());
    for (size_t i = 0; i < all.size(); ++i) {
      CHECK(all[i].id == whole[i].id);
      CHECK(all[i].value == whole[i].value);
    }
  }
  core::SyncStore store(*t.v[1]);
  store.set_import_batch_ops(4);
  StreamedOps ops(**opened);
  auto report = store.ImportStream(std::move((*opened)->payload()), ops);
  REQUIRE_MESSAGE(report.ok(), report.status().message());
  CHECK(report->applied == whole.size());
  CHECK(t.Dump(1) == t.Dump(0));
  CHECK(t.v[1]->Check()->empty());
  CHECK(store.Import(t.Open(bytes)).status().code() == Code::kConflict);
}

TEST_CASE("a streamed bundle whose ops block is cut writes nothing") {
  Team t({"ana", "bram"});
  History(*t.v[0]);
  auto p = t.Open(t.Export(0, 1));
  auto plain = sync::EncodePayload(p);
  plain.pop_back();  // the last op's value loses its last byte: only its batch can tell
  sync::BundleHeader h;
  h.sender = p.sender.replica;
  h.recipient = p.recipient;
  h.id = p.id;
  auto sealed = sync::detail::SealBody(plain, 0, h, t.Key());
  REQUIRE(sealed.ok());
  auto opened = sync::OpenBundleStream(*sealed, t.Key());
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  core::SyncStore store(*t.v[1]);
  store.set_import_batch_ops(5);
  StreamedOps ops(**opened);
  auto r = store.ImportStream(std::move((*opened)->payload()), ops);
  CHECK(r.status().code() == Code::kCorrupt);
  CHECK(Held(*t.v[1]) == 0);
  CHECK(sync::ImportBundle(*t.v[1], *sealed).status().code() == Code::kCorrupt);
  CHECK(Held(*t.v[1]) == 0);
}
