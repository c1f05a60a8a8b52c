// Fuzz target: what a device decodes from the hub (sync/hub_protocol.h) — holdings, enrolment and
// upload replies, error bodies, the ranges header, the fetch reply's sequence of sealed bundles. A hub is trusted only as a courier: whatever it
// sends must be refused with a Status, never crash or allocate without bound; and what decodes must
// survive a round trip. The first byte picks the decoder. Corpus: tests/fuzz/hub_reply/.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <string>
#include <string_view>

#include "passerelle/sync/hub_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace proto = passerelle::sync::hubproto;
  if (size == 0) return 0;
  const uint8_t which = data[0] % 6;
  std::span<const uint8_t> body(data + 1, size - 1);
  switch (which) {
    case 0: {
      auto h = proto::DecodeHoldingsReply(body);
      if (!h.ok()) return 0;
      const std::string again = proto::EncodeHoldingsReply(*h);
      auto h2 = proto::DecodeHoldingsReply(proto::BytesOf(again));
      if (!h2.ok() || h2->hub_knowledge != h->hub_knowledge || h2->missing.size() != h->missing.size()) __builtin_trap();
      (void)proto::KnowledgeOf(h->hub_knowledge);
      break;
    }
    case 1: {
      auto e = proto::DecodeEnrolReply(body);
      if (e.ok() && !proto::DecodeEnrolReply(proto::BytesOf(proto::EncodeEnrolReply(*e))).ok()) __builtin_trap();
      break;
    }
    case 2: {
      auto u = proto::DecodeUploadReply(body);
      if (u.ok() && proto::DecodeUploadReply(proto::BytesOf(proto::EncodeUploadReply(*u)))->stored != u->stored)
        __builtin_trap();
      break;
    }
    case 3:
      (void)proto::DecodeErrorBody(body, 500);
      break;
    case 4: {
      std::string_view text(reinterpret_cast<const char*>(body.data()), body.size());
      auto r = proto::DecodeRangesHeader(text);
      if (r.ok()) {
        auto again = proto::DecodeRangesHeader(proto::EncodeRangesHeader(*r));
        if (!again.ok() || *again != *r) __builtin_trap();
      }
      break;
    }
    case 5: {  // the fetch reply: entries within the body, at most as many as asked, round trip
      const size_t asked = body.empty() ? 0 : body[0] % 8;
      auto f = proto::DecodeFetchReply(body.empty() ? body : body.subspan(1), asked);
      if (!f.ok()) return 0;
      if (f->size() > asked) __builtin_trap();
      const std::string encoded = proto::EncodeFetchReply(*f);  // `again` points into it
      auto again = proto::DecodeFetchReply(proto::BytesOf(encoded), asked);
      if (!again.ok() || again->size() != f->size()) __builtin_trap();
      for (size_t i = 0; i < f->size(); ++i)
        if ((*again)[i].held != (*f)[i].held ||
            !std::equal((*again)[i].sealed.begin(), (*again)[i].sealed.end(), (*f)[i].sealed.begin(), (*f)[i].sealed.end()))
          __builtin_trap();
      break;
    }
  }
  return 0;
}
