/**
 * The HTTP side's security for {@code kairos serve}: API keys with roles checked on every request by a table of
 * access rules, JSON 401/403 answers, CORS for the collector, security headers, and the loopback-only open mode.
 */
package io.kairos.app.security;
