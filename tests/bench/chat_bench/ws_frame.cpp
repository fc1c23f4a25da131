#include "ws_frame.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <openssl/evp.h>

namespace chatd::bench::ws {
namespace {

std::string base64(const unsigned char *data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), data,
                                  static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool iequals_prefix(std::string_view line, std::string_view name) {
    if (line.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) !=
            std::tolower(static_cast<unsigned char>(name[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

void append_header(std::string &out, Opcode opcode, std::size_t size) {
    out += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
    if (size < 126) {
        out += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>(size >> 8);
        out += static_cast<char>(size & 0xFF);
    } else {
        out += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF);
    }
}

} // namespace

std::string make_key(std::uint64_t seed) {
    std::array<unsigned char, 16> raw{};
    for (auto &byte : raw) {
        // splitmix64: cheap and good enough for a nonce nobody guesses at.
        seed += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        byte = static_cast<unsigned char>(z ^ (z >> 31));
    }
    return base64(raw.data(), raw.size());
}

std::string accept_for(std::string_view key) {
    static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string input(key);
    input += guid;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr);
    return base64(digest.data(), size);
}

std::string upgrade_request(std::string_view host_port, std::string_view path,
                            std::string_view key) {
    std::string out;
    out.reserve(256);
    out.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host_port);
    out.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ");
    out.append(key).append("\r\nSec-WebSocket-Version: 13\r\n\r\n");
    return out;
}

HandshakeResult check_handshake(std::string_view received, std::string_view key) {
    const auto end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) return {};
    HandshakeResult result{.state = HandshakeState::refused, .head_bytes = end + 4};
    const auto head = received.substr(0, end + 2);
    const auto first_end = head.find("\r\n");
    const auto status_line = head.substr(0, first_end);
    const auto space = status_line.find(' ');
    if (status_line.rfind("HTTP/1.1 ", 0) != 0 || space == std::string_view::npos) return result;
    result.status = std::atoi(std::string(status_line.substr(space + 1, 3)).c_str());
    if (result.status != 101) return result;
    const std::string expected = accept_for(key);
    for (std::size_t pos = first_end + 2; pos < head.size();) {
        const auto eol = head.find("\r\n", pos);
        const auto line = head.substr(pos, eol - pos);
        pos = eol + 2;
        if (!iequals_prefix(line, "sec-websocket-accept:")) continue;
        if (trim(line.substr(21)) == expected) result.state = HandshakeState::accepted;
        return result;
    }
    return result;
}

void append_frame(std::string &out, Opcode opcode, std::string_view payload,
                  std::uint32_t mask_key) {
    append_header(out, opcode, payload.size());
    const std::array<unsigned char, 4> mask{
        static_cast<unsigned char>(mask_key >> 24), static_cast<unsigned char>(mask_key >> 16),
        static_cast<unsigned char>(mask_key >> 8), static_cast<unsigned char>(mask_key)};
    out.append(reinterpret_cast<const char *>(mask.data()), mask.size());
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[start + i] =
            static_cast<char>(static_cast<unsigned char>(out[start + i]) ^ mask[i & 3]);
}

void append_close(std::string &out, std::uint16_t code, std::uint32_t mask_key) {
    const char payload[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    append_frame(out, Opcode::close, std::string_view(payload, 2), mask_key);
}

void Decoder::feed(std::string_view bytes) {
    if (read_ > 0 && read_ == buffer_.size()) {
        buffer_.clear();
        read_ = 0;
    } else if (read_ > 65536 && read_ * 2 > buffer_.size()) {
        // Compact now and then rather than after every frame: erasing the
        // front of a buffer that holds many small frames is quadratic.
        buffer_.erase(0, read_);
        read_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<Message> Decoder::next() {
    while (error_.empty()) {
        const auto *p = reinterpret_cast<const unsigned char *>(buffer_.data()) + read_;
        const std::size_t available = buffer_.size() - read_;
        if (available < 2) return std::nullopt;
        const bool fin = (p[0] & 0x80) != 0;
        const auto opcode = static_cast<Opcode>(p[0] & 0x0F);
        const bool masked = (p[1] & 0x80) != 0;
        std::uint64_t size = p[1] & 0x7F;
        std::size_t header = 2;
        if (size == 126) {
            if (available < 4) return std::nullopt;
            size = (std::uint64_t{p[2]} << 8) | p[3];
            header = 4;
        } else if (size == 127) {
            if (available < 10) return std::nullopt;
            size = 0;
            for (int i = 0; i < 8; ++i)
                size = (size << 8) | p[2 + i];
            header = 10;
        }
        const bool control = (static_cast<std::uint8_t>(opcode) & 0x08) != 0;
        if (control && (size > 125 || !fin)) {
            error_ = "control frame fragmented or longer than 125 bytes";
            return std::nullopt;
        }
        if (size > max_ || fragments_.size() + size > max_) {
            error_ = "message larger than " + std::to_string(max_) + " bytes";
            return std::nullopt;
        }
        if (masked) header += 4;
        if (available < header + size) return std::nullopt;
        std::string_view payload(buffer_.data() + read_ + header, static_cast<std::size_t>(size));
        if (masked) {
            current_.assign(payload);
            const unsigned char *mask = p + header - 4;
            for (std::size_t i = 0; i < current_.size(); ++i)
                current_[i] =
                    static_cast<char>(static_cast<unsigned char>(current_[i]) ^ mask[i & 3]);
            payload = current_;
        }
        read_ += header + static_cast<std::size_t>(size);
        if (control) return Message{opcode, payload};
        if (opcode == Opcode::continuation) {
            if (!fragmented_) {
                error_ = "continuation frame without a first fragment";
                return std::nullopt;
            }
            fragments_.append(payload);
            if (!fin) continue;
            current_ = std::move(fragments_);
            fragments_.clear();
            const Opcode first = *fragmented_;
            fragmented_.reset();
            return Message{first, current_};
        }
        if (opcode != Opcode::text && opcode != Opcode::binary) {
            error_ = "reserved opcode " + std::to_string(static_cast<int>(opcode));
            return std::nullopt;
        }
        if (fragmented_) {
            error_ = "new data frame inside a fragmented message";
            return std::nullopt;
        }
        if (fin) return Message{opcode, payload};
        fragmented_ = opcode;
        fragments_.assign(payload);
    }
    return std::nullopt;
}

} // namespace chatd::bench::ws
