#include "net/frame_writer.hpp"

#include <cstring>
#include <libwebsockets.h>

namespace chatd::net {

namespace {

int write_raw(lws *wsi, const unsigned char *bytes, size_t size) {
    // lws_write takes a mutable buffer but writes into it only in front of
    // the bytes (LWS_PRE), and only for the WebSocket kinds.
    return lws_write(wsi, const_cast<unsigned char *>(bytes), size, LWS_WRITE_HTTP) < 0 ? -1 : 0;
}

} // namespace

int write_frames(lws *wsi, std::span<const transport::PayloadPtr> frames,
                 std::vector<unsigned char> &scratch) {
    if (frames.empty()) return 0;
    if (frames.size() == 1)
        return write_raw(wsi, frames[0]->wire().data(), frames[0]->wire().size());
    size_t total = 0;
    for (const transport::PayloadPtr &frame : frames)
        total += frame->wire().size();
    // Kept from call to call: after the first few batches, no allocation.
    if (scratch.size() < total) scratch.resize(total);
    unsigned char *at = scratch.data();
    for (const transport::PayloadPtr &frame : frames) {
        std::memcpy(at, frame->wire().data(), frame->wire().size());
        at += frame->wire().size();
    }
    return write_raw(wsi, scratch.data(), total);
}

int write_message(lws *wsi, const transport::Payload &message,
                  std::vector<unsigned char> &scratch) {
    // libwebsockets writes the frame header into the LWS_PRE bytes in front.
    if (scratch.size() < LWS_PRE + message.size()) scratch.resize(LWS_PRE + message.size());
    std::memcpy(scratch.data() + LWS_PRE, message.text().data(), message.size());
    const int written = lws_write(wsi, scratch.data() + LWS_PRE, message.size(), LWS_WRITE_TEXT);
    return written < static_cast<int>(message.size()) ? -1 : 0;
}

} // namespace chatd::net
