// SecureBuffer and randomness over libsodium (portable: libsodium picks the OS primitives for
// mlock, guard pages and the entropy source on each platform).
#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

#include "passerelle/platform/secure_buffer.h"

namespace passerelle::platform {

bool InitCrypto() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

SecureBuffer::SecureBuffer(size_t size) : size_(size) {
  if (!InitCrypto()) std::abort();
  if (size == 0) return;
  data_ = static_cast<uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) std::abort();
  std::memset(data_, 0, size);
}

SecureBuffer SecureBuffer::FromString(std::string_view text) {
  SecureBuffer b(text.size());
  if (!text.empty()) std::memcpy(b.data(), text.data(), text.size());
  return b;
}

SecureBuffer::~SecureBuffer() { Wipe(); }

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SecureBuffer::Wipe() {
  if (data_ != nullptr) sodium_free(data_);  // sodium_free zeroes before unmapping
  data_ = nullptr;
  size_ = 0;
}

void RandomBytes(std::span<uint8_t> out) {
  if (!InitCrypto()) std::abort();
  randombytes_buf(out.data(), out.size());
}

uint64_t RandomU64() {
  uint64_t v = 0;
  RandomBytes({reinterpret_cast<uint8_t*>(&v), sizeof v});
  return v;
}

void SecureWipe(void* data, size_t size) { sodium_memzero(data, size); }

}  // namespace passerelle::platform
