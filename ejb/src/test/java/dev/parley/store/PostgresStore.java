package dev.parley.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The deployed persistence unit on a local connection. The shared cache is off so that every
 * read comes from the database.
 */
final class PostgresStore implements AutoCloseable {

    private final EntityManagerFactory emf;

    PostgresStore(PostgresServer server, String database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("jakarta.persistence.jtaDataSource", "");
        properties.put("jakarta.persistence.jdbc.driver", "org.postgresql.Driver");
        properties.put("jakarta.persistence.jdbc.url", server.jdbcUrl(database));
        properties.put("jakarta.persistence.jdbc.user", PostgresServer.USER);
        properties.put("jakarta.persistence.jdbc.password", "");
        properties.put("eclipselink.cache.shared.default", "false");
        properties.put("eclipselink.logging.level", System.getProperty("el.level", "WARNING"));
        emf = Persistence.createEntityManagerFactory("parley", properties);
    }

    <T> T call(Function<SessionStore, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            SessionStore store = new SessionStore();
            store.em = em;
            em.getTransaction().begin();
            T result = work.apply(store);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    void run(Consumer<SessionStore> work) {
        call(store -> {
            work.accept(store);
            return null;
        });
    }

    @Override
    public void close() {
        emf.close();
    }
}
