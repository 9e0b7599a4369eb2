package dev.compass.governance.domain;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.BudgetProposal;
import dev.compass.contracts.events.GovernanceDecision;
import dev.compass.contracts.events.LedgerEvent;
import dev.compass.contracts.schema.EventJson;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.persistence.Agent;
import dev.compass.governance.persistence.PolicyVersion;
import dev.compass.governance.persistence.Proposal;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Budget proposals: policy check on arrival, four-eyes decisions by finance approvers, expiry. */
@ApplicationScoped
public class ProposalService {
    public static final String PENDING = "PENDING_APPROVAL";
    public static final String APPLICATION_PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String FAILED = "FAILED";
    public static final String EXPIRED = "EXPIRED";
    /** Who decides what the policy decides: automatic approvals and rejections, and expiry. */
    static final String POLICY = "policy";

    @Inject
    EventPublisher events;
    @Inject
    GovernanceConfig config;

    /**
     * Whether a proposal is past its deadline while still pending: it is EXPIRED from its deadline on, although the
     * expiry job writes that (and announces it on {@code governance.decisions.v1}) only when it next runs. No decision
     * is accepted for it any more (see {@link #decideManually}), and the API shows it as EXPIRED (see {@link #shown}).
     */
    public static boolean lapsed(Proposal proposal, Instant now) {
        return PENDING.equals(proposal.status) && proposal.expiresAt != null && !now.isBefore(proposal.expiresAt);
    }

    /** A proposal's status and decision as the API shows them. */
    public record Shown(String status, String decidedBy, Instant decidedAt, String reason, String comment) {}

    /**
     * The status and decision of a proposal at {@code now}: as stored, except that a lapsed proposal is EXPIRED by
     * policy at its deadline, as the expiry job will write it (nothing is written here).
     */
    public static Shown shown(Proposal p, Instant now) {
        return lapsed(p, now) ? new Shown(EXPIRED, POLICY, p.expiresAt, expiryReason(p.expiresAt), null)
                : new Shown(p.status, p.decidedBy, p.decidedAt, p.reason, p.decisionComment);
    }

    private static String expiryReason(Instant expiresAt) {
        return "no decision before " + expiresAt;
    }

    /** Applies the policy to a proposal received from the agents (in the consumer's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Proposal receive(IncomingEvent<BudgetProposal> event) {
        BudgetProposal p = event.payload();
        List<BudgetProposal.Move> moves = p.moves() == null ? List.of() : p.moves();
        // one evaluation at a time per budget line, until this transaction ends: two proposals on one line evaluated
        // at once would each miss the other and together slip past the automatic limits
        Set<String> lines = new TreeSet<>();
        for (BudgetProposal.Move m : moves) {
            java.util.stream.Stream.of(m.fromLineId(), m.toLineId()).filter(l -> l != null).forEach(lines::add);
        }
        lockLines(lines);
        Proposal existing = Proposal.findById(p.proposalId());
        if (existing != null) {
            return existing;
        }
        PolicyVersion policyRow = PolicyVersion.latest();
        BudgetPolicy policy = policyRow.toPolicy();
        Agent agent = Agent.findById(p.proposedBy());
        BudgetPolicy.Evaluation evaluation = policy.evaluate(p, agent == null ? null : agent.status,
                automaticMoves(lines, Instant.now().minus(config.proposals().automaticLimitWindow())));
        Proposal proposal = new Proposal();
        proposal.id = p.proposalId();
        proposal.eventId = event.id();
        proposal.conversationId = p.conversationId();
        proposal.correlationId = firstNonBlank(event.correlationId(), p.correlationId(), p.conversationId(),
                p.proposalId());
        proposal.brand = p.brand();
        proposal.market = p.market();
        proposal.currency = p.currency();
        proposal.proposedBy = p.proposedBy();
        proposal.requestedBy = p.requestedBy();
        proposal.totalAmount = p.totalAmount();
        proposal.projectedGain = p.projectedGain();
        proposal.currentReturn = p.currentProjectedReturn();
        proposal.newReturn = p.newProjectedReturn();
        proposal.payload = json(p);
        proposal.policyVersion = policy.version();
        proposal.receivedAt = Instant.now();
        proposal.reason = String.join("; ", evaluation.reasons());
        switch (evaluation.outcome()) {
            case APPROVE -> decide(proposal, "APPROVED", POLICY, "AUTO", proposal.reason, null, Instant.now());
            case REJECT -> decide(proposal, "REJECTED", POLICY, "AUTO", proposal.reason, null, Instant.now());
            case WAIT -> {
                proposal.status = PENDING;
                proposal.expiresAt = proposal.receivedAt.plusSeconds(policy.pendingTtlSeconds());
            }
        }
        proposal.persist();
        Proposal.getEntityManager().flush(); // the moves refer to the proposal
        for (int i = 0; i < moves.size(); i++) {
            BudgetProposal.Move m = moves.get(i);
            Proposal.getEntityManager().createNativeQuery("insert into proposal_move (proposal_id, seq, from_line_id,"
                    + " to_line_id, amount, from_line_amount) values (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, proposal.id).setParameter(2, i + 1).setParameter(3, m.fromLineId())
                    .setParameter(4, m.toLineId()).setParameter(5, m.amount()).setParameter(6, m.fromLineAmount())
                    .executeUpdate();
        }
        return proposal;
    }

    /**
     * Takes a transaction-level advisory lock per budget line, in one global order (no deadlock between two
     * proposals sharing lines). The key is 64 bits of SHA-256 of the line id: two lines share a lock only by accident
     * of a 64-bit collision, which would merely make them wait for each other.
     */
    private static void lockLines(Set<String> lines) {
        TreeSet<Long> keys = new TreeSet<>();
        for (String line : lines) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(("compass.budget-line:" + line).getBytes(StandardCharsets.UTF_8));
                keys.add(ByteBuffer.wrap(digest).getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        for (long key : keys) {
            Proposal.getEntityManager().createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) locked")
                    .setParameter(1, key).getSingleResult();
        }
    }

    /**
     * The moves from or to these lines of proposals approved automatically since {@code since}: they count against
     * the automatic limits. Pending proposals and those a person approved do not (a person sees them); nor do
     * rejected or expired ones, nor approvals the agent failed to apply (nothing moved).
     */
    private static List<BudgetPolicy.EarlierMove> automaticMoves(Set<String> lines, Instant since) {
        if (lines.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Proposal.getEntityManager().createNativeQuery("""
                select m.proposal_id, m.from_line_id, m.to_line_id, m.amount, m.from_line_amount
                from proposal_move m join proposal p on p.id = m.proposal_id
                where (m.from_line_id in (?1) or m.to_line_id in (?1))
                  and p.status = 'APPROVED' and p.decided_by = 'policy' and p.decided_at >= ?2
                  and p.application_status is distinct from 'FAILED'
                order by p.decided_at, m.proposal_id, m.seq""")
                .setParameter(1, List.copyOf(lines)).setParameter(2, since).getResultList();
        return rows.stream().map(r -> new BudgetPolicy.EarlierMove((String) r[0], (String) r[1], (String) r[2],
                ((Number) r[3]).doubleValue(), ((Number) r[4]).doubleValue())).toList();
    }

    /**
     * A person decides a pending proposal: a finance approver who took no part in it (four eyes). Neither the person
     * who started the conversation that led to it, nor the owner of an agent taking part (the proposing and the
     * requesting agent, and any agent of its dialogue), nor the requester named on the proposal may decide it. A
     * proposal past its deadline is expired here (the expiry job may not have run yet), and that is kept although the
     * decision is refused; nothing else is written before a refusal.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Proposal decideManually(String id, String person, Set<String> roles, String decision, String comment) {
        Proposal proposal = Proposal.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (proposal == null) {
            throw ApiException.notFound("proposal", id);
        }
        if (!roles.contains("finance-approver")) {
            throw ApiException.forbidden("only a finance approver decides budget proposals");
        }
        for (String agentId : agentsTakingPart(proposal)) {
            Agent agent = Agent.findById(agentId);
            if (agent != null && People.same(person, agent.owner)) {
                throw ApiException.forbidden(person + " owns agent " + agent.id + " which takes part in this"
                        + " reallocation: another approver must decide (four eyes)");
            }
        }
        if (People.same(person, proposal.requestedBy)) {
            throw ApiException.forbidden(person + " requested this reallocation: another approver must decide (four eyes)");
        }
        if (People.among(person, initiators(proposal))) {
            throw ApiException.forbidden(person + " started the conversation that led to this reallocation: another"
                    + " approver must decide (four eyes)");
        }
        if (!PENDING.equals(proposal.status)) {
            throw ApiException.conflict("proposal " + id + " is " + proposal.status + ", not " + PENDING);
        }
        if (lapsed(proposal, Instant.now())) {
            // the expiry job had not run yet: expire it now, as the job does (committed, and announced), then refuse
            expire(proposal);
            throw ApiException.conflict("proposal " + id + " expired at " + proposal.expiresAt
                    + " with no decision: it is now EXPIRED");
        }
        if ("APPROVE".equals(decision)) {
            // an agent that is not ACTIVE does not apply an approved reallocation: approving would leave governance
            // saying APPROVED while the moves are never made
            for (String agentId : new LinkedHashSet<>(java.util.Arrays.asList(proposal.proposedBy,
                    proposal.requestedBy))) {
                Agent agent = agentId == null ? null : Agent.findById(agentId);
                if (agent != null && !"ACTIVE".equals(agent.status)) {
                    throw ApiException.conflict("agent " + agent.id + " of proposal " + id + " is " + agent.status
                            + ", not ACTIVE: it cannot apply an approval; reactivate it first, or reject the proposal");
                }
            }
        }
        decide(proposal, "APPROVE".equals(decision) ? "APPROVED" : "REJECTED", person, "MANUAL",
                comment == null || comment.isBlank() ? "decided by " + person : comment, comment, Instant.now());
        return proposal;
    }

    /** The proposing and the requesting agent, and every agent that sent or received a message of its dialogue. */
    private static Set<String> agentsTakingPart(Proposal proposal) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(proposal.proposedBy);
        if (proposal.requestedBy != null) {
            ids.add(proposal.requestedBy);
        }
        if (proposal.conversationId != null) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Proposal.getEntityManager().createNativeQuery(
                    "select sender, receiver from dialogue_message where conversation_id = ?1")
                    .setParameter(1, proposal.conversationId).getResultList();
            for (Object[] row : rows) {
                for (Object agent : row) {
                    if (agent != null) {
                        ids.add(agent.toString());
                    }
                }
            }
        }
        return ids;
    }

    /**
     * The people who started the conversation that led to a proposal. The proposal names its starter
     * ({@code startedBy}), so the check does not wait for anything else to arrive. Proposals from before that field
     * are matched through the audit trail: agent-service announces every start on {@code governance.usage.v1}
     * (CONVERSATION_STARTED, with the person and the conversation's correlation id, which the proposal carries too).
     */
    private static Set<String> initiators(Proposal proposal) {
        Set<String> people = new HashSet<>();
        try {
            String startedBy = EventJson.mapper().readTree(proposal.payload).path("startedBy").asText("");
            if (!startedBy.isBlank()) {
                people.add(startedBy);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException unreadable) {
            // the audit trail below still names the starter
        }
        if (proposal.correlationId == null) {
            return people;
        }
        @SuppressWarnings("unchecked")
        List<Object> users = Proposal.getEntityManager().createNativeQuery(
                "select payload::jsonb ->> 'user' from audit_record where correlation_id = ?1 and event_type = ?2"
                        + " and payload::jsonb ->> 'action' = 'CONVERSATION_STARTED'")
                .setParameter(1, proposal.correlationId).setParameter(2, EventType.USAGE.ceType()).getResultList();
        users.stream().filter(u -> u != null).forEach(u -> people.add(u.toString()));
        return people;
    }

    /** Expires pending proposals whose deadline passed before {@code now}; returns how many. */
    @Transactional
    public int expireDue(Instant now) {
        List<Proposal> due = Proposal.<Proposal>find("status = ?1 and expiresAt <= ?2", PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Proposal p : due) {
            expire(p);
        }
        return due.size();
    }

    /**
     * Writes and announces the expiry of a lapsed proposal. It expired at its deadline, which is what the API showed
     * from then on (see {@link #shown}), however late the job runs.
     */
    private void expire(Proposal proposal) {
        decide(proposal, EXPIRED, POLICY, "AUTO", expiryReason(proposal.expiresAt), null, proposal.expiresAt);
    }

    /**
     * A ledger entry of an approved proposal arrived (budget.ledger.v1): it was applied. Every entry of it names its
     * line; the first sets APPLIED, later ones add their line. A FAILED application becomes APPLIED (the ledger is the
     * record). An entry of an unknown proposal changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applied(LedgerEvent entry) {
        Proposal proposal = entry.proposalId() == null ? null
                : Proposal.findById(entry.proposalId(), LockModeType.PESSIMISTIC_WRITE);
        if (proposal == null || !"APPROVED".equals(proposal.status)) {
            return;
        }
        String line = entry.lineId() + " " + (entry.delta() >= 0 ? "+" : "") + Amounts.money(entry.delta());
        if (!APPLIED.equals(proposal.applicationStatus)) {
            proposal.applicationStatus = APPLIED;
            proposal.applicationAt = entry.occurredAt() != null ? entry.occurredAt() : Instant.now();
            proposal.applicationDetail = "ledger: " + line;
        } else if (proposal.applicationDetail == null || !proposal.applicationDetail.contains(line)) {
            proposal.applicationDetail = (proposal.applicationDetail == null ? "ledger: " : proposal.applicationDetail
                    + "; ") + line;
        }
    }

    /**
     * The agent reported a FAILURE in the conversation of an approved proposal not yet applied: it could not apply it
     * (agent.dialogue.v1 names the conversation, not the proposal: the link is the conversation id).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applicationFailed(String conversationId, String reason, Instant at) {
        List<Proposal> approved = Proposal.<Proposal>find("conversationId = ?1 and status = 'APPROVED'"
                + " and applicationStatus = ?2", conversationId, APPLICATION_PENDING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Proposal proposal : approved) {
            proposal.applicationStatus = FAILED;
            proposal.applicationAt = at != null ? at : Instant.now();
            proposal.applicationDetail = reason == null || reason.isBlank() ? "the agent reported a failure" : reason;
        }
    }

    /** Approved proposals with no ledger entry since before {@code dueBefore}: approvals that were lost. */
    @Transactional
    public long overdue(Instant dueBefore) {
        return Proposal.count("status = 'APPROVED' and applicationStatus = ?1 and decidedAt <= ?2",
                APPLICATION_PENDING, dueBefore);
    }

    private void decide(Proposal proposal, String decision, String by, String policy, String reason, String comment,
            Instant at) {
        if ("APPROVED".equals(decision)) {
            proposal.applicationStatus = APPLICATION_PENDING; // until its ledger entries (or a failure) arrive
        }
        proposal.status = decision;
        proposal.decidedBy = by;
        proposal.decidedAt = at;
        proposal.reason = reason;
        proposal.decisionComment = comment;
        events.publish(EventType.DECISION, proposal.id, proposal.id, new GovernanceDecision(
                UUID.randomUUID().toString(), proposal.id, proposal.conversationId, decision, by, policy, reason,
                proposal.correlationId, proposal.eventId, proposal.decidedAt), proposal.correlationId,
                proposal.eventId);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
