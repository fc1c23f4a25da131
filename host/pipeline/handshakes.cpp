// The handshake hooks: run on the I/O thread as an upgrade arrives, their
// decision carried to the connection's open, and paused decisions finished
// from any thread.
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace chatd::pipeline {

namespace {

// Decisions of upgrades that never became connections (the client left in
// between) are dropped after this long.
constexpr auto kUnclaimedHandshake = std::chrono::minutes(2);

} // namespace

bool HandshakeDecision::apply_to(HandshakeState &state) && {
    auto it = std::find(state.pending.begin(), state.pending.end(), plugin);
    if (it == state.pending.end()) return false;
    state.pending.erase(it);
    if (!accept) {
        if (!state.refused) {
            state.refused = true;
            state.http_status = http_status;
            state.reason = std::move(reason);
        }
        return true;
    }
    if (!user.empty()) state.user = std::move(user);
    if (open_gate && gates_readiness(plugin)) state.opened_gates.push_back(plugin);
    return true;
}

} // namespace chatd::pipeline

chatd_handshake::chatd_handshake(const chatd::transport::UpgradeRequest &up,
                                 chatd::pipeline::HandshakeState &decided)
    : upgrade(&up), state(&decided) {
    request.method = up.method;
    request.path = up.path;
    request.query = up.query;
    request.remote_address = up.remote_address;
    request.tls = up.tls;
    request.headers = &up.headers;
    request.query_args = &up.query_args;
}

namespace chatd::pipeline {

transport::HandshakeVerdict Pipeline::on_handshake(const transport::UpgradeRequest &request) {
    using Kind = transport::HandshakeVerdict::Kind;
    auto state = std::make_unique<HandshakeState>();
    bool used = false;
    // Every hook runs, so each can refuse; the first refusal is the answer.
    for (chatd_plugin *p : plugins_) {
        if (!p->active || !p->descriptor.on_handshake) continue;
        used = true;
        chatd_handshake hs(request, *state);
        chatd_handshake_status status = CHATD_HANDSHAKE_REFUSE;
        if (!guarded(p, "on_handshake",
                     [&] { status = p->descriptor.on_handshake(p->state, &hs); }))
            return {Kind::Refuse, 500, "internal error"};
        if (status == CHATD_HANDSHAKE_ACCEPT) continue;
        if (status == CHATD_HANDSHAKE_PAUSE) {
            state->pending.push_back(p);
            continue;
        }
        if (status != CHATD_HANDSHAKE_REFUSE)
            spdlog::error("[{}] on_handshake returned unknown status {}; refusing", p->name,
                          status);
        uint16_t code = hs.refuse_status ? hs.refuse_status : 403;
        spdlog::info("[{}] refused the upgrade from {} with {}", p->name, request.remote_address,
                     code);
        return {Kind::Refuse, code, hs.refuse_body.empty() ? "refused" : hs.refuse_body};
    }
    if (!used) return {Kind::Accept, 0, {}};

    std::lock_guard lock(handshakes_mu_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(handshakes_, [&](const auto &entry) {
        return now - entry.second->created > kUnclaimedHandshake;
    });
    std::erase_if(early_decisions_, [&](const auto &entry) {
        return now - entry.second.front().at > kUnclaimedHandshake;
    });
    // A hook that paused may have been answered already, from its own thread.
    if (auto early = early_decisions_.extract(request.conn))
        for (HandshakeDecision &decision : early.mapped())
            std::move(decision).apply_to(*state);
    if (state->refused) return {Kind::Refuse, state->http_status, state->reason};
    const bool hold = !state->pending.empty();
    handshakes_[request.conn] = std::move(state);
    return {hold ? Kind::Hold : Kind::Accept, 0, {}};
}

std::unique_ptr<HandshakeState> Pipeline::take_handshake(chatd_conn_id conn) {
    std::lock_guard lock(handshakes_mu_);
    auto it = handshakes_.find(conn);
    if (it == handshakes_.end()) return nullptr;
    auto state = std::move(it->second);
    handshakes_.erase(it);
    return state;
}

void Pipeline::resume_handshake(HandshakeDecision decision) {
    post([this, decision = std::move(decision)]() mutable {
        handle_handshake_resume(std::move(decision));
    });
}

void Pipeline::handle_handshake_resume(HandshakeDecision decision) {
    const chatd_conn_id conn = decision.conn;
    const std::string plugin = decision.plugin->name;
    auto not_paused = [&] {
        spdlog::warn("[{}] handshake_resume for conn {}, which it did not pause", plugin, conn);
    };
    Connection *c = connection(conn);
    if (!c) {
        // Not open yet: the decision waits with the others for the open, or
        // for the hooks to finish when it came before they did.
        std::lock_guard lock(handshakes_mu_);
        auto it = handshakes_.find(conn);
        if (it == handshakes_.end())
            early_decisions_[conn].push_back(std::move(decision));
        else if (!std::move(decision).apply_to(*it->second))
            not_paused();
        return;
    }
    if (!c->held || !std::move(decision).apply_to(*c->handshake)) return not_paused();
    HandshakeState &state = *c->handshake;
    if (state.refused) return refuse_held(*c, state.http_status, state.reason);
    if (!state.pending.empty()) return;
    timers_.cancel(this, c->hold_timer);
    c->held = false;
    std::unique_ptr<HandshakeState> decided = std::move(c->handshake);
    greet(*c, decided.get());
    if (Connection *still = connection(conn)) drain(*still);
}

void Pipeline::refuse_held(Connection &conn, uint16_t http_status, std::string reason) {
    timers_.cancel(this, conn.hold_timer);
    conn.handshake.reset();
    spdlog::info("conn {} refused after its upgrade: {} {}", conn.id, http_status, reason);
    // It stays held, so none of its frames run, until the network reports it closed.
    close(conn.id, static_cast<uint16_t>(4000 + http_status), std::move(reason));
}

} // namespace chatd::pipeline
