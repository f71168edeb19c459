/** Outbound ports: what the engine needs from persistence (user state and timers). */
package io.kairos.domain.port.out;
