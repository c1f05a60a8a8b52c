// The PDF renderer on its own (no vault): golden checks of an attendance attestation in French
// and Dutch read back with poppler-utils (pdftotext: title, headings, accents, every row, page
// numbers, the table header repeated on page 2; pdffonts: only DejaVu, every font embedded),
// the same document giving the same bytes, and the inputs it refuses.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "../support/pdf_samples.h"
#include "../support/temp_dir.h"
#include "passerelle/platform/pdf/render.h"

using passerelle::Code;
using passerelle::platform::pdf::Block;
using passerelle::platform::pdf::Document;
using passerelle::platform::pdf::Render;
using passerelle::testing::SampleAttestation;
using passerelle::testing::TempDir;

namespace {

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  REQUIRE(pclose(pipe) == 0);
  return out;
}

std::string WritePdf(const TempDir& dir, const std::string& name, const std::vector<uint8_t>& pdf) {
  const std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
  return path;
}

std::string Text(const std::string& path, int page = 0) {
  const std::string pages = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
  return Run("pdftotext -enc UTF-8" + pages + " '" + path + "' -");
}

// pdftotext may break a line anywhere; compare with runs of white space collapsed.
std::string Flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  return out;
}

void CheckFontsEmbedded(const std::string& path) {
  const std::string fonts = Run("pdffonts '" + path + "'");
  // name / type / encoding / emb / sub / uni / object ID: two header lines, then one per font.
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl = fonts.find('\n'); nl != std::string::npos; start = nl + 1, nl = fonts.find('\n', start)) {
    lines.push_back(fonts.substr(start, nl - start));
  }
  REQUIRE(lines.size() >= 3);
  for (size_t i = 2; i < lines.size(); ++i) {
    CAPTURE(lines[i]);
    CHECK(lines[i].find("DejaVuSans") != std::string::npos);
    CHECK(lines[i].find(" yes yes ") != std::string::npos);  // embedded, subset
  }
}

}  // namespace

TEST_CASE("A French attestation: headings, accents, every row, page numbers, fonts embedded") {
  TempDir dir;
  auto pdf = Render(SampleAttestation("fr"));
  REQUIRE(pdf.ok());
  const std::string path = WritePdf(dir, "attestation-fr.pdf", *pdf);
  const std::string text = Flat(Text(path));
  for (const std::string want : {"Attestation de présence", "Personne suivie", "Entretiens et présence", "Élodie Lefèvre-Çakır",
                           "Maison de justice de Mons (assistante de justice Mme Hélène Dubœuf)", "Base légale",
                           "absence justifiée", "entretien en vain", "n’est jamais communiqué",
                           "Code de vérification : 7K3Q-9XPA-M2DE-4HRT", "Page 1 sur 2", "Page 2 sur 2",
                           "05/01/2026", "28/12/2026"}) {
    CAPTURE(want);
    CHECK(text.find(want) != std::string::npos);
  }
  // The table header comes back at the top of page 2.
  CHECK(Flat(Text(path, 2)).find("Date Type d’entretien Présence") != std::string::npos);
  CheckFontsEmbedded(path);
}

TEST_CASE("A Dutch attestation: headings, accents, fonts embedded") {
  TempDir dir;
  auto pdf = Render(SampleAttestation("nl"));
  REQUIRE(pdf.ok());
  const std::string path = WritePdf(dir, "attestation-nl.pdf", *pdf);
  const std::string text = Flat(Text(path));
  for (const std::string want : {"Aanwezigheidsattest", "Gevolgde persoon", "Gesprekken en aanwezigheid", "Jeroen Coëme",
                           "Justitiehuis Antwerpen (justitieassistent Zoë Van Daële)", "geëxcuseerde afwezigheid",
                           "Reïntegratie blijft vertrouwelijk", "Verificatiecode: 7K3Q-9XPA-M2DE-4HRT", "Pagina 2 van 2"}) {
    CAPTURE(want);
    CHECK(text.find(want) != std::string::npos);
  }
  CheckFontsEmbedded(path);
}

TEST_CASE("Every kind of block prints, and a long paragraph flows over pages") {
  TempDir dir;
  Document d;
  d.language = "fr";
  d.title = "Rapport co-construit";
  d.footer = "Code : X";
  d.page_label = "Page {page} de {pages}";
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "phrase numéro " + std::to_string(i) + " du récit, ";
  d.blocks = {{Block::Kind::kTitle, "", "Première partie", {}},
              {Block::Kind::kHeading, "", "Ce que la personne en dit", {}},
              {Block::Kind::kPersonWords, "Ses mots, le 02/12/2026", "« J’ai tenu bon grâce à ma sœur. »", {}},
              {Block::Kind::kNotice, "", "Communiqué sous état de nécessité.", {}},
              {Block::Kind::kField, "Accord", "donné oralement le 02/12/2026", {}},
              {Block::Kind::kParagraph, "", long_text, {}},
              {Block::Kind::kTableRow, "", "", {"a", "b"}}};
  auto pdf = Render(d);
  REQUIRE(pdf.ok());
  const std::string path = WritePdf(dir, "all.pdf", *pdf);
  const std::string text = Flat(Text(path));
  for (const std::string want : {"Première partie", "Ce que la personne en dit", "Ses mots, le 02/12/2026",
                           "« J’ai tenu bon grâce à ma sœur. »", "Communiqué sous état de nécessité.",
                           "donné oralement le 02/12/2026", "phrase numéro 0 du récit", "phrase numéro 399 du récit",
                           "Page 2 de 3", "Page 3 de 3"}) {
    CAPTURE(want);
    CHECK(text.find(want) != std::string::npos);
  }
  CHECK(Run("pdfinfo '" + path + "'").find("Pages:           3") != std::string::npos);
}

TEST_CASE("The same document gives the same bytes, dated from the document") {
  TempDir dir;
  auto a = Render(SampleAttestation("fr", 8));
  auto b = Render(SampleAttestation("fr", 8));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == *b);
  const std::string info = Run("pdfinfo -isodates '" + WritePdf(dir, "dated.pdf", *a) + "'");
  CHECK(info.find("2026-12-04T10:15:00") != std::string::npos);
  CHECK(info.find("Attestation de présence") != std::string::npos);
  CHECK(info.find("CAPREV Bruxelles") != std::string::npos);
}

TEST_CASE("Text that cannot be printed is refused with one sentence") {
  auto with = [](auto change) {
    Document d = SampleAttestation("fr", 1);
    change(d);
    return Render(d);
  };
  auto bad_utf8 = with([](Document& d) { d.title = "Attestation \xC3("; });
  CHECK(bad_utf8.status().code() == Code::kInvalidInput);
  CHECK(bad_utf8.status().message() == "The document holds text that is not printable UTF-8.");
  CHECK(with([](Document& d) { d.blocks[1].text = "Nom\x01"; }).status().code() == Code::kInvalidInput);
  CHECK(with([](Document& d) { d.blocks[4].cells.push_back("\xFF"); }).status().code() == Code::kInvalidInput);
  CHECK(with([](Document& d) { d.header[0].second = std::string("a\0b", 3); }).status().code() == Code::kInvalidInput);
  CHECK(with([](Document& d) { d.created_at = "2026-12-04 10:15"; }).status().code() == Code::kInvalidInput);
  CHECK(with([](Document& d) { d.blocks[4].cells.assign(13, "x"); }).status().code() == Code::kInvalidInput);
  CHECK(with([](Document& d) { d.blocks[4].cells.assign(12, "x"); }).ok());
  CHECK(with([](Document& d) { d.created_at.clear(); }).ok());
}
