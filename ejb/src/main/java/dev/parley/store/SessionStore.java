package dev.parley.store;

import dev.parley.session.ClientInfo;
import dev.parley.conversation.TurnMetrics;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * Reads and writes the session history. Each method is one transaction (a stateless EJB), so a
 * turn and its metrics are stored together or not at all.
 */
@Stateless
public class SessionStore {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** Stores a new live session; a second call for the same id changes nothing. */
    public void sessionStarted(String sessionId, Instant at, ClientInfo client) {
        sessionStarted(sessionId, at, client, null, null);
    }

    /**
     * Stores a new live session owned by Parley instance {@code instance} (null: unknown), its media on
     * {@code mediaServer}; a second call for the same id changes nothing.
     */
    public void sessionStarted(String sessionId, Instant at, ClientInfo client, String instance, String mediaServer) {
        if (em.find(SessionRecord.class, sessionId) == null) {
            em.persist(new SessionRecord(sessionId, at, client == null ? ClientInfo.UNKNOWN : client, instance, mediaServer));
        }
    }

    /**
     * Ends every live session owned by an instance that is not one of {@code members} (it left the
     * cluster: its calls are gone with it); sessions of unknown owner are left alone. Returns their ids.
     */
    public List<String> endSessionsOfDepartedInstances(Set<String> members, Instant at, String cause, String detail) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<SessionRecord> select = cb.createQuery(SessionRecord.class);
        Root<SessionRecord> root = select.from(SessionRecord.class);
        select.where(cb.equal(root.get("state"), SessionState.LIVE), cb.isNotNull(root.get("instance")));
        List<String> ended = new ArrayList<>();
        for (SessionRecord session : em.createQuery(select).getResultList()) {
            if (!members.contains(session.getInstance())) {
                session.end(at, cause, detail, null); // its bridge went with the instance
                ended.add(session.getId());
            }
        }
        return ended;
    }

    /** Marks a session ended; unknown sessions are stored as ended ones so that no end is lost. */
    public void sessionEnded(String sessionId, Instant at, String cause, String detail) {
        sessionEnded(sessionId, at, cause, detail, null);
    }

    /** Marks the session ended with the call's audio counts ({@code audio} null: the session had no media). */
    public void sessionEnded(String sessionId, Instant at, String cause, String detail, CallAudio audio) {
        SessionRecord session = em.find(SessionRecord.class, sessionId);
        if (session == null) {
            session = new SessionRecord(sessionId, at, ClientInfo.UNKNOWN);
            em.persist(session);
        }
        session.end(at, cause, detail, audio);
    }

    /** Stores a completed turn with its metrics (metrics may be null). */
    public void turnCompleted(String sessionId, CompletedTurn turn, TurnMetrics metrics) {
        em.persist(new TurnRecord(sessionId, turn));
        if (metrics != null) {
            em.persist(new TurnMetricsRecord(sessionId, metrics));
        }
    }

    public void recordingStarted(String sessionId, String filePath, String mediaType, Instant at) {
        RecordingRecord existing = em.find(RecordingRecord.class, sessionId);
        if (existing != null) {
            em.remove(existing);
            em.flush();
        }
        em.persist(new RecordingRecord(sessionId, filePath, mediaType, at));
    }

    public Optional<SessionRecord> session(String sessionId) {
        return Optional.ofNullable(em.find(SessionRecord.class, sessionId));
    }

    public long turnCount(String sessionId) {
        return em.createNamedQuery(SessionRecord.COUNT_TURNS, Long.class).setParameter("id", sessionId).getSingleResult();
    }

    public List<TurnRecord> turns(String sessionId) {
        return em.createQuery("select t from TurnRecord t where t.sessionId = :id order by t.turn, t.endedAt", TurnRecord.class)
                .setParameter("id", sessionId).getResultList();
    }

    public List<TurnMetricsRecord> metrics(String sessionId) {
        return em.createQuery("select m from TurnMetricsRecord m where m.sessionId = :id order by m.turn", TurnMetricsRecord.class)
                .setParameter("id", sessionId).getResultList();
    }

    public Optional<RecordingRecord> recording(String sessionId) {
        return Optional.ofNullable(em.find(RecordingRecord.class, sessionId));
    }

    /**
     * Deletes session {@code sessionId}'s rows (metrics, turns, recording, session) in this one
     * transaction, so a failure leaves them all; the recording file is the caller's
     * ({@link dev.parley.lifecycle.SessionDeletion}). False when there was no session row.
     */
    public boolean deleteSession(String sessionId) {
        for (String entity : List.of("TurnMetricsRecord", "TurnRecord", "RecordingRecord")) {
            em.createQuery("delete from " + entity + " r where r.sessionId = :id").setParameter("id", sessionId).executeUpdate();
        }
        return em.createQuery("delete from SessionRecord s where s.id = :id").setParameter("id", sessionId).executeUpdate() > 0;
    }

    /** Up to {@code limit} ids of sessions started before {@code cutoff}, oldest first (what retention prunes). */
    public List<String> sessionsStartedBefore(Instant cutoff, int limit) {
        // A criteria query, like sessions(): its comparison goes through the instant converter.
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> select = cb.createQuery(String.class);
        Root<SessionRecord> root = select.from(SessionRecord.class);
        select.select(root.get("id")).where(cb.lessThan(root.<Instant>get("startedAt"), cutoff))
                .orderBy(cb.asc(root.get("startedAt")), cb.asc(root.get("id")));
        return em.createQuery(select).setMaxResults(limit).getResultList();
    }

    public SessionPage sessions(SessionQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<SessionRecord> select = cb.createQuery(SessionRecord.class);
        Root<SessionRecord> root = select.from(SessionRecord.class);
        select.where(matching(cb, root, query)).orderBy(cb.desc(root.get("startedAt")), cb.asc(root.get("id")));
        TypedQuery<SessionRecord> page = em.createQuery(select)
                .setFirstResult(Math.toIntExact(Math.min(Integer.MAX_VALUE, (long) query.page() * query.size())))
                .setMaxResults(query.size());

        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<SessionRecord> counted = count.from(SessionRecord.class);
        count.select(cb.count(counted)).where(matching(cb, counted, query));

        return new SessionPage(page.getResultList(), em.createQuery(count).getSingleResult());
    }

    private static Predicate[] matching(CriteriaBuilder cb, Root<SessionRecord> root, SessionQuery query) {
        List<Predicate> where = new ArrayList<>();
        if (query.state() != null) {
            where.add(cb.equal(root.get("state"), query.state()));
        }
        if (query.startedFrom() != null) {
            where.add(cb.greaterThanOrEqualTo(root.<Instant>get("startedAt"), query.startedFrom()));
        }
        if (query.startedBefore() != null) {
            where.add(cb.lessThan(root.<Instant>get("startedAt"), query.startedBefore()));
        }
        return where.toArray(Predicate[]::new);
    }
}
