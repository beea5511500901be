package dev.parley.health;

import dev.parley.config.ParleySettings;
import dev.parley.media.MediaServerUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the configuration is usable; when not, DOWN with one entry per problem, each naming
 * its configuration key.
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadinessCheck implements HealthCheck {

    static final String NAME = "parley-configuration";

    @Inject
    ParleySettings settings;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = settings.problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(problems.isEmpty())
                .withData("mediaServerUrl", String.valueOf(MediaServerUrls.redact(settings.mediaServerUrl())));
        if (settings.mediaServerUrls() != null && !settings.mediaServerUrls().isBlank()) {
            // Each entry on its own: a secret must not swallow the entries after it.
            response.withData("mediaServerUrls", Arrays.stream(settings.mediaServerUrls().split(","))
                    .map(entry -> MediaServerUrls.redactWithin(entry.strip())).collect(Collectors.joining(",")));
        }
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem" + (i + 1), MediaServerUrls.redactWithin(problems.get(i))); // health is anonymous
        }
        return response.build();
    }
}
