/** Inbound port: the one entry point through which the streaming and the batch adapters drive the engine. */
package io.kairos.domain.port.in;
