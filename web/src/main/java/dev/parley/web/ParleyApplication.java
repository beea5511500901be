package dev.parley.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Parley's REST API, under {@code /parley/api}; resources are versioned in their paths ({@code v1/...}). */
@ApplicationPath("api")
public class ParleyApplication extends Application {
}
