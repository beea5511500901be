/** Application metrics (MicroProfile Metrics 5, application scope). */
package dev.parley.metrics;
