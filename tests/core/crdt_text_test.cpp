// Text CRDT (core/include/passerelle/core/crdt/text.h): convergence in every delivery order, no
// interleaving of concurrent words, buffering of early ops, idempotence, codecs, a randomized
// multi-replica property test, and real editing traces (tests/data/traces: the concurrent
// friendsforever trace and an excerpt of the sequential sveltecomponent trace; the full
// sequential traces are replayed, with the same checks, by bench/text_trace_bench).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "passerelle/core/crdt/text.h"
#include "trace_loader.h"

using passerelle::Code;
using passerelle::crdt::CharId;
using passerelle::crdt::CharRange;
using passerelle::crdt::DecodeTextOp;
using passerelle::crdt::EncodeTextOp;
using passerelle::crdt::TextDoc;
using passerelle::crdt::TextOp;
using passerelle::crdt::TextVersion;

namespace {

void ApplyAll(TextDoc& doc, const std::vector<TextOp>& ops) {
  for (const TextOp& op : ops) REQUIRE(doc.Apply(op).ok());
}

// Brings `to` up to date with `from` through a delta, as the sync layer would.
void Sync(const TextDoc& from, TextDoc& to) { ApplyAll(to, from.OpsSince(to.Version())); }

TextDoc Reload(const TextDoc& doc) {
  auto loaded = TextDoc::DecodeState(doc.EncodeState(), doc.local_replica());
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}

// A document on `replica` holding `text`, typed by replica 100 and already merged.
TextDoc Seeded(uint64_t replica, const std::string& text) {
  TextDoc seed(100), doc(replica);
  if (!text.empty()) REQUIRE(doc.Apply(seed.Insert(0, text)).ok());
  return doc;
}

// Types `word` one character at a time from `pos`, as a person does.
std::vector<TextOp> Type(TextDoc& doc, size_t pos, const std::string& word) {
  std::vector<TextOp> ops;
  for (size_t i = 0; i < word.size(); ++i) ops.push_back(doc.Insert(pos + i, word.substr(i, 1)));
  return ops;
}

}  // namespace

TEST_CASE("local edits count code points and clamp out-of-range positions") {
  TextDoc doc(1);
  doc.Insert(0, "entretien");
  doc.Insert(0, "Él ");  // 'É' is two bytes, one code point
  CHECK(doc.Text() == "Él entretien");
  CHECK(doc.Length() == 12);
  doc.Delete(1, 1);
  CHECK(doc.Text() == "É entretien");
  doc.Insert(999, " fini");
  CHECK(doc.Text() == "É entretien fini");
  doc.Delete(11, 999);
  CHECK(doc.Text() == "É entretien");
  CHECK(doc.Insert(3, "").IsNoop());
  CHECK(doc.Delete(2, 0).IsNoop());
  CHECK(doc.Delete(999, 3).IsNoop());
  CHECK(doc.Version() == TextVersion{{1, 19}});  // 17 characters typed, 2 deletions
}

TEST_CASE("ill-formed UTF-8 is replaced, never stored") {
  TextDoc doc(1);
  doc.Insert(0, std::string("a\xC3(b\xED\xA0\x80" "c\xF0\x9F\x98", 11));
  CHECK(doc.Text() == "a\xEF\xBF\xBD(b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD");
  TextDoc other(2);
  TextOp bad = doc.Insert(0, "x");
  bad.text = std::string(1, '\xFF');  // not `= "\xFF"`: a GCC 12 -O3 false -Wrestrict
  CHECK(other.Apply(bad).code() == Code::kCorrupt);
  CHECK(other.Text().empty());
}

TEST_CASE("concurrent inserts at one position converge in every delivery order") {
  const std::vector<std::string> words = {"AJ ", "CAPREV ", "CAW "};
  for (size_t replicas = 2; replicas <= 3; ++replicas) {
    std::vector<TextOp> ops;
    for (size_t r = 0; r < replicas; ++r) {
      TextDoc doc = Seeded(r + 1, "le  suivi");
      ops.push_back(doc.Insert(3, words[r]));
    }
    std::vector<size_t> order(replicas);
    for (size_t i = 0; i < replicas; ++i) order[i] = i;
    std::string first;
    do {
      TextDoc doc = Seeded(9, "le  suivi");
      for (size_t i : order) REQUIRE(doc.Apply(ops[i]).ok());
      if (first.empty()) first = doc.Text();
      CHECK(doc.Text() == first);
    } while (std::next_permutation(order.begin(), order.end()));
    for (size_t r = 0; r < replicas; ++r) CHECK(first.find(words[r]) != std::string::npos);
    CHECK(first.size() == std::string("le  suivi").size() + (replicas == 2 ? 10 : 14));
  }
}

TEST_CASE("two people typing at the same spot do not interleave") {
  SUBCASE("typing forwards") {
    TextDoc a = Seeded(1, "[]"), b = Seeded(2, "[]");
    auto from_a = Type(a, 1, "logement ");
    auto from_b = Type(b, 1, "dettes ");
    ApplyAll(a, from_b);
    ApplyAll(b, from_a);
    CHECK(a.Text() == b.Text());
    CHECK((a.Text() == "[logement dettes ]" || a.Text() == "[dettes logement ]"));
  }
  SUBCASE("typing backwards (each character before the previous one)") {
    TextDoc a = Seeded(1, "[]"), b = Seeded(2, "[]");
    std::vector<TextOp> from_a, from_b;
    for (char c : std::string("fedcba")) from_a.push_back(a.Insert(1, std::string(1, c)));
    for (char c : std::string("zyx")) from_b.push_back(b.Insert(1, std::string(1, c)));
    ApplyAll(a, from_b);
    ApplyAll(b, from_a);
    CHECK(a.Text() == b.Text());
    CHECK((a.Text() == "[abcdefxyz]" || a.Text() == "[xyzabcdef]"));
  }
  SUBCASE("both go on typing at the end of a word they share") {
    TextDoc a = Seeded(1, ""), b(2);
    auto first = Type(a, 0, "sante");  // Type() goes byte by byte: ASCII only
    ApplyAll(b, first);
    auto more_a = Type(a, 5, " mentale");
    auto more_b = Type(b, 5, " physique");
    ApplyAll(a, more_b);
    ApplyAll(b, more_a);
    CHECK(a.Text() == b.Text());
    CHECK((a.Text() == "sante mentale physique" || a.Text() == "sante physique mentale"));
  }
}

TEST_CASE("deletions and insertions made concurrently both survive") {
  TextDoc a = Seeded(1, "rendez-vous annulé au CPAS"), b = Seeded(2, "rendez-vous annulé au CPAS");
  TextOp del = a.Delete(12, 7);     // "annulé "
  TextOp ins = b.Insert(15, "XX");  // inside "annulé"
  TextOp del_b = b.Delete(0, 3);    // overlaps nothing of a's
  REQUIRE(a.Apply(ins).ok());
  REQUIRE(a.Apply(del_b).ok());
  REQUIRE(b.Apply(del).ok());
  CHECK(a.Text() == b.Text());
  CHECK(a.Text() == "dez-vous XXau CPAS");
  // Both delete the same characters: the result is the same as one deletion.
  TextOp both_a = a.Delete(0, 4), both_b = b.Delete(2, 4);
  REQUIRE(a.Apply(both_b).ok());
  REQUIRE(b.Apply(both_a).ok());
  CHECK(a.Text() == b.Text());
  CHECK(a.Text() == "us XXau CPAS");
}

TEST_CASE("applying an op twice, or one's own op, changes nothing") {
  TextDoc a(1), b(2);
  std::vector<TextOp> ops = Type(a, 0, "note");
  ops.push_back(a.Delete(1, 2));
  ops.push_back(a.Insert(1, "av"));
  for (int round = 0; round < 2; ++round) ApplyAll(b, ops);
  ApplyAll(a, ops);
  CHECK(b.Text() == "nave");
  CHECK(a.Text() == "nave");
  CHECK(b.Version() == a.Version());
  CHECK(b.EncodeState() == a.EncodeState());
}

TEST_CASE("ops that arrive before what they depend on wait inside the document") {
  TextDoc a(1), b(2), c(3);
  std::vector<TextOp> ops = Type(a, 0, "abc");
  ops.push_back(a.Delete(1, 1));
  ApplyAll(c, ops);
  ops.push_back(c.Insert(1, "Z"));  // depends on a's characters
  ops.push_back(c.Delete(0, 1));    // deletes one of a's characters
  std::reverse(ops.begin(), ops.end());
  for (size_t i = 0; i + 1 < ops.size(); ++i) {
    REQUIRE(b.Apply(ops[i]).ok());
    CHECK(b.Text().empty());
    CHECK(b.PendingCount() == i + 1);
  }
  REQUIRE(b.Apply(ops.back()).ok());
  CHECK(b.PendingCount() == 0);
  CHECK(b.Text() == "Zc");
  CHECK(b.Text() == c.Text());

  SUBCASE("a pending op survives a save and reload") {
    TextDoc d(4);
    REQUIRE(d.Apply(ops[0]).ok());  // c's deletion, nothing it needs is here
    TextDoc reloaded = Reload(d);
    CHECK(reloaded.PendingCount() == 1);
    for (size_t i = 1; i < ops.size(); ++i) REQUIRE(reloaded.Apply(ops[i]).ok());
    CHECK(reloaded.PendingCount() == 0);
    CHECK(reloaded.Text() == "Zc");
  }
}

TEST_CASE("malformed ops are refused without touching the document") {
  TextDoc a(1), b(2);
  ApplyAll(b, Type(a, 0, "ab"));
  TextOp del = a.Delete(0, 1);
  REQUIRE(b.Apply(del).ok());
  TextOp anchored_on_deletion = a.Insert(0, "x");
  anchored_on_deletion.origin_left = del.id;  // a deletion's id is not a character
  CHECK(b.Apply(anchored_on_deletion).code() == Code::kCorrupt);
  TextOp deletes_deletion{TextOp::Kind::kDelete, {1, 50}, {}, {}, {}, {CharRange{1, 2, 1}}};
  deletes_deletion.id = {1, 3};
  CHECK(b.Apply(deletes_deletion).code() == Code::kCorrupt);
  CHECK(b.Text() == "b");
  CHECK(b.PendingCount() == 0);
}

TEST_CASE("op encoding round-trips and rejects damaged bytes") {
  TextDoc a(0xFEDCBA9876543210ULL), b(7);
  ApplyAll(a, Type(b, 0, "xyz"));
  std::vector<TextOp> ops = {a.Insert(1, "ü€😀"), a.Insert(0, "début"), a.Delete(0, 6), a.Insert(a.Length(), "!")};
  ops.push_back(TextOp{TextOp::Kind::kDelete, {3, UINT64_MAX - 1}, {}, {}, {}, {{9, UINT64_MAX - 5, 5}, {3, 0, 1}}});
  ops.push_back(a.Insert(0, ""));
  for (const TextOp& op : ops) {
    const std::vector<uint8_t> bytes = EncodeTextOp(op);
    auto decoded = DecodeTextOp(bytes);
    REQUIRE(decoded.ok());
    CHECK(*decoded == op);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      CHECK(DecodeTextOp(std::span(bytes.data(), cut)).status().code() == Code::kCorrupt);
    }
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    CHECK(DecodeTextOp(longer).status().code() == Code::kCorrupt);
  }
  std::vector<uint8_t> newer = EncodeTextOp(ops[0]);
  newer[0] = 2;
  CHECK(DecodeTextOp(newer).status().code() == Code::kUnsupported);
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> junk(rng() % 40);
    for (auto& byte : junk) byte = static_cast<uint8_t>(rng());
    if (!junk.empty() && rng() % 2) junk[0] = 1;
    auto decoded = DecodeTextOp(junk);
    if (decoded.ok()) CHECK(EncodeTextOp(*decoded) == junk);  // the encoding is canonical
  }
}

// Replica 1's document with a history (a colleague's deletion and insertion, its own edit) and one
// op waiting for its cause: the orphan's insertion of `waiting`, numbered past what 1 has seen.
// Also returns the colleague's document, for the tests that sync from it.
struct HistoryWithPending {
  TextDoc a{1}, b{2};
  explicit HistoryWithPending(const std::string& waiting) {
    ApplyAll(b, Type(a, 0, "Plan de réinsertion: logement, dettes."));
    ApplyAll(a, {b.Delete(21, 9), b.Insert(21, "formation, ")});
    a.Insert(0, "** ");
    TextDoc orphan(3);
    REQUIRE(a.Apply(orphan.Insert(0, "x")).ok());
    REQUIRE(a.Apply([&] { TextOp op = orphan.Insert(1, waiting); op.id.counter = 5; return op; }()).ok());
    REQUIRE(a.PendingCount() == 1);
  }
};

TEST_CASE("state encoding round-trips history, deletions and pending ops") {
  HistoryWithPending h("y");
  TextDoc& a = h.a;
  TextDoc& b = h.b;

  const std::vector<uint8_t> state = a.EncodeState();
  auto loaded = TextDoc::DecodeState(state, 1);
  REQUIRE(loaded.ok());
  CHECK(loaded->Text() == a.Text());
  CHECK(loaded->Version() == a.Version());
  CHECK(loaded->PendingCount() == 1);
  CHECK(loaded->EncodeState() == state);
  // The loaded replica keeps numbering where it left off, and can serve deltas.
  TextOp next = loaded->Insert(0, ">");
  CHECK(next.id == CharId{1, a.Version()[1]});
  TextDoc fresh(4);
  Sync(*loaded, fresh);
  CHECK(fresh.Text() == loaded->Text());
  TextDoc partial(5);
  ApplyAll(partial, b.OpsSince({}));
  Sync(*loaded, partial);
  CHECK(partial.Text() == loaded->Text());

  for (size_t cut = 0; cut < state.size(); ++cut) {
    CHECK(!TextDoc::DecodeState(std::span(state.data(), cut), 1).ok());
  }
  std::vector<uint8_t> newer = state;
  newer[4] = 9;
  CHECK(TextDoc::DecodeState(newer, 1).status().code() == Code::kUnsupported);
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {  // damaged bytes: any outcome but a crash or a hang
    std::vector<uint8_t> damaged = state;
    damaged[rng() % damaged.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    auto result = TextDoc::DecodeState(damaged, 1);
    if (result.ok()) (void)result->Text();
  }
}

TEST_CASE("ReplaceAll turns an autosave into minimal ops that merge with others' edits") {
  TextDoc a = Seeded(1, "Visite le 3 mai, présent."), b = Seeded(2, "Visite le 3 mai, présent.");
  auto ops_a = a.ReplaceAll("Visite le 4 mai, présent.");
  REQUIRE(ops_a.size() == 2);
  CHECK(ops_a[0].deleted.size() == 1);
  CHECK(ops_a[0].deleted[0].length == 1);
  CHECK(ops_a[1].text == "4");
  auto ops_b = b.ReplaceAll("Visite le 3 mai, absence justifiée.");
  ApplyAll(a, ops_b);
  ApplyAll(b, ops_a);
  CHECK(a.Text() == b.Text());
  CHECK(a.Text() == "Visite le 4 mai, absence justifiée.");
  CHECK(a.ReplaceAll(a.Text()).empty());
  CHECK(a.ReplaceAll("").size() == 1);
  CHECK(a.Text().empty());
}

TEST_CASE("OpsSince sends exactly what a replica lacks") {
  TextDoc a(1), b(2);
  ApplyAll(b, Type(a, 0, "abcdef"));
  a.Delete(2, 2);
  a.Insert(2, "XY");
  b.Insert(0, ">");
  const auto delta = a.OpsSince(b.Version());
  CHECK(delta.size() == 2);  // one deletion, one insertion; nothing b has
  ApplyAll(b, delta);
  CHECK(b.PendingCount() == 0);
  Sync(b, a);
  CHECK(a.Text() == b.Text());
  CHECK(a.Text() == ">abXYef");
  CHECK(a.OpsSince(a.Version()).empty());
}

// Random edits on 2-5 replicas with a network that drops nothing but delays, reorders and
// duplicates; replicas also sync by deltas and restart from their saved state.
TEST_CASE("random concurrent editing converges (property test)") {
  const char* alphabet[] = {"a", "b", " ", "é", "€", "😀", "\n", "Z"};
  for (uint32_t seed = 0; seed < 300; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    auto pick = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); };
    const size_t n = 2 + pick(4);
    std::vector<TextDoc> docs;
    for (size_t r = 0; r < n; ++r) docs.emplace_back(1000 + r * 7919);
    struct Message { size_t to; TextOp op; };
    std::vector<Message> network;
    auto ship = [&](size_t from, const TextOp& op) {
      for (size_t r = 0; r < n; ++r) {
        if (r != from && !op.IsNoop()) network.push_back({r, op});
      }
    };
    const int steps = 20 + static_cast<int>(pick(60));
    for (int step = 0; step < steps; ++step) {
      const size_t r = pick(n);
      TextDoc& doc = docs[r];
      const size_t roll = pick(100);
      if (roll < 35) {
        std::string text;
        for (size_t k = 1 + pick(4); k > 0; --k) text += alphabet[pick(8)];
        // Often the same spot as the other replicas (start, end, position 1).
        const size_t pos = pick(3) == 0 ? std::min<size_t>(1, doc.Length()) : pick(doc.Length() + 1);
        ship(r, doc.Insert(pos, text));
      } else if (roll < 50) {
        ship(r, doc.Delete(pick(doc.Length() + 1), 1 + pick(4)));
      } else if (roll < 55) {
        std::string text = doc.Text();
        text.insert(pick(2) ? 0 : text.size(), alphabet[pick(8)]);
        for (const TextOp& op : doc.ReplaceAll(text)) ship(r, op);
      } else if (roll < 85 && !network.empty()) {
        const size_t k = pick(network.size());
        REQUIRE(docs[network[k].to].Apply(network[k].op).ok());
        if (pick(5) != 0) network.erase(network.begin() + static_cast<std::ptrdiff_t>(k));  // else: duplicate later
      } else if (roll < 93) {
        Sync(docs[pick(n)], doc);
      } else {
        doc = Reload(doc);
      }
    }
    std::shuffle(network.begin(), network.end(), rng);
    for (const Message& m : network) REQUIRE(docs[m.to].Apply(m.op).ok());
    for (size_t r = 0; r < n; ++r) Sync(docs[r], docs[(r + 1) % n]);
    for (size_t r = 0; r < n; ++r) Sync(docs[r], docs[(r + 1) % n]);
    const std::vector<uint8_t> state = docs[0].EncodeState();
    for (size_t r = 0; r < n; ++r) {
      CAPTURE(r);
      CHECK(docs[r].PendingCount() == 0);
      CHECK(docs[r].Text() == docs[0].Text());
      CHECK(docs[r].Version() == docs[0].Version());
      CHECK(docs[r].EncodeState() == state);
    }
    auto loaded = TextDoc::DecodeState(state, 42);
    REQUIRE(loaded.ok());
    CHECK(loaded->Text() == docs[0].Text());
    if (docs[0].Text() != docs[n - 1].Text()) MESSAGE("replicas diverged with seed " << seed);
  }
}

namespace {

passerelle::testing::EditTrace Load(const char* name) {
  auto trace =
      passerelle::testing::LoadTrace(passerelle::testing::TracePath(PASSERELLE_TEST_DATA_DIR "/traces", name));
  INFO(trace.status().message());
  REQUIRE(trace.ok());
  return std::move(trace).value();
}

std::vector<TextOp> LocalTxn(TextDoc& doc, const passerelle::testing::TraceTxn& txn) {
  std::vector<TextOp> ops;
  for (const auto& p : txn.patches) {
    if (p.deleted > 0) ops.push_back(doc.Delete(p.pos, p.deleted));
    if (!p.inserted.empty()) ops.push_back(doc.Insert(p.pos, p.inserted));
  }
  return ops;
}

}  // namespace

TEST_CASE("a sequential trace replays to its final text, locally, remotely and after reload") {
  for (const char* name : {"sveltecomponent-excerpt"}) {
    CAPTURE(name);
    const auto trace = Load(name);
    TextDoc doc(1), remote(2);
    if (!trace.start_content.empty()) REQUIRE(remote.Apply(doc.Insert(0, trace.start_content)).ok());
    for (const auto& txn : trace.txns) ApplyAll(remote, LocalTxn(doc, txn));
    CHECK(doc.Text() == trace.end_content);
    CHECK(remote.Text() == trace.end_content);
    CHECK(Reload(doc).Text() == trace.end_content);
    TextDoc fresh(3);
    Sync(doc, fresh);
    CHECK(fresh.Text() == trace.end_content);
  }
}

// Each transaction is typed by its agent (a replica) on top of the merge of its parents.
TEST_CASE("the concurrent friendsforever trace merges to its final text") {
  const auto trace = Load("friendsforever");
  // version[i][agent]: the latest txn of that agent that txn i has seen (agents' txns form a
  // chain, so that is all of its past). -1: none.
  std::vector<std::map<size_t, long>> version;
  std::vector<std::vector<TextOp>> produced;
  std::map<size_t, TextDoc> replicas;
  std::map<size_t, std::map<size_t, long>> replica_version;
  std::map<size_t, std::vector<size_t>> txns_of;  // agent -> its txns, in order
  for (size_t i = 0; i < trace.txns.size(); ++i) {
    const auto& txn = trace.txns[i];
    auto last_of = [](const std::map<size_t, long>& v, size_t agent) {
      auto it = v.find(agent);
      return it == v.end() ? -1L : it->second;
    };
    std::map<size_t, long> wanted;
    for (size_t p : txn.parents) {
      for (auto [agent, last] : version[p]) wanted[agent] = std::max(last_of(wanted, agent), last);
    }
    TextDoc& doc = replicas.try_emplace(txn.agent, txn.agent + 1).first->second;
    auto& have = replica_version[txn.agent];
    // Bring this agent's replica to exactly the parents' merge, in the trace's order.
    std::vector<size_t> missing;
    for (auto& [agent, list] : txns_of) {
      const long seen = last_of(have, agent), until = last_of(wanted, agent);
      REQUIRE(seen <= until);
      auto it = seen < 0 ? list.begin() : std::upper_bound(list.begin(), list.end(), static_cast<size_t>(seen));
      for (; it != list.end() && static_cast<long>(*it) <= until; ++it) missing.push_back(*it);
    }
    std::sort(missing.begin(), missing.end());
    for (size_t j : missing) ApplyAll(doc, produced[j]);
    REQUIRE(doc.PendingCount() == 0);
    produced.push_back(LocalTxn(doc, txn));
    txns_of[txn.agent].push_back(i);
    wanted[txn.agent] = static_cast<long>(i);
    have = wanted;
    version.push_back(wanted);
  }
  TextDoc merged(99);
  for (const auto& ops : produced) ApplyAll(merged, ops);
  CHECK(merged.Text() == trace.end_content);
  for (auto& [agent, doc] : replicas) {
    for (auto& [other, other_doc] : replicas) Sync(other_doc, doc);
    CHECK(doc.Text() == trace.end_content);
  }
  CHECK(Reload(merged).Text() == trace.end_content);
}

TEST_CASE("a state without its visible text loads with that text, and only with it") {
  HistoryWithPending h("yz");
  TextDoc& a = h.a;

  const std::vector<uint8_t> state = a.EncodeStateWithoutText();
  // Only the deleted characters' text is in it ("logement,"), not the visible text.
  CHECK(state.size() < a.EncodeState().size());
  auto loaded = TextDoc::DecodeState(state, 1, a.Text());
  REQUIRE(loaded.ok());
  CHECK(loaded->Text() == a.Text());
  CHECK(loaded->EncodeState() == a.EncodeState());
  CHECK(loaded->EncodeStateWithoutText() == state);
  CHECK(loaded->PendingCount() == 1);
  TextDoc fresh(4);
  Sync(*loaded, fresh);
  CHECK(fresh.Text() == a.Text());
  // A format 1 state ignores the text it is given.
  auto whole = TextDoc::DecodeState(a.EncodeState(), 1, "anything");
  REQUIRE(whole.ok());
  CHECK(whole->Text() == a.Text());
  // A visible text that does not fit the runs is damage, never a different note.
  for (const std::string& wrong : {std::string(), a.Text() + "!", a.Text().substr(1), "x" + a.Text().substr(1)}) {
    auto bad = TextDoc::DecodeState(state, 1, wrong);
    if (wrong.size() == a.Text().size()) {
      // Same length, other characters: the runs cannot tell; the storage writes both together.
      CHECK(bad.ok());
    } else {
      CHECK(bad.status().code() == Code::kCorrupt);
    }
  }
  CHECK(TextDoc::DecodeState(state, 1).status().code() == Code::kCorrupt);
  for (size_t cut = 0; cut < state.size(); ++cut) {
    CHECK(!TextDoc::DecodeState(std::span(state.data(), cut), 1, a.Text()).ok());
  }
}

TEST_CASE("TextOf reads an insertion's characters back: split runs, tombstones, waiting ops") {
  TextDoc a(1);
  const TextOp typed = a.Insert(0, "Entretien à Liège");
  a.Insert(9, " long");          // typed inside the run: the run is cut in two
  a.Delete(0, 3);                // its first characters deleted: tombstones keep their text
  CHECK(a.Text() == "retien long à Liège");
  CHECK(a.TextOf(typed.id, 17) == "Entretien à Liège");
  CHECK(a.TextOf({1, typed.id.counter + 10}, 7) == "à Liège");
  CHECK(a.TextOf({1, typed.id.counter + 10}, 8) == "à Liège ");  // on into " long", typed next
  CHECK(a.TextOf({1, typed.id.counter + 20}, 2) == "ng");
  CHECK(a.TextOf({1, typed.id.counter + 20}, 3) == std::nullopt);  // counter 22 is the deletion
  CHECK(a.TextOf({1, 0}, 0) == "");
  CHECK(a.TextOf({9, 0}, 1) == std::nullopt);
  TextDoc orphan(3);
  orphan.Insert(0, "x");
  TextOp early = orphan.Insert(1, "yzé");
  REQUIRE(a.Apply(early).ok());  // waits for counter 0 of replica 3
  REQUIRE(a.PendingCount() == 1);
  CHECK(a.TextOf(early.id, 3) == "yzé");
  CHECK(a.TextOf({3, early.id.counter + 2}, 1) == "é");
  // Every op's text, read back, re-encodes to the op's own bytes.
  TextOp copy = typed;
  copy.text.clear();
  copy.text = *a.TextOf(typed.id, 17);
  CHECK(EncodeTextOp(copy) == EncodeTextOp(typed));
}
