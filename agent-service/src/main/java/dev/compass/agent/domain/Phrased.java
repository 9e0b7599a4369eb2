package dev.compass.agent.domain;

import dev.compass.contracts.events.AgentMessage;

/** The text of a message and where it comes from. */
public record Phrased(String text, AgentMessage.Provenance provenance) {}
