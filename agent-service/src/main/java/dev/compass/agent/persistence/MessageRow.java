package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of a conversation; payload is the AgentMessage JSON exactly as published. */
@Entity
@Table(name = "conversation_message")
public class MessageRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "message_id")
    public String messageId;
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "from_agent")
    public String fromAgent;
    @Column(name = "to_agent")
    public String toAgent;
    public String performative;
    @Column(name = "task_state")
    public String taskState;
    public String payload;
    @Column(name = "sent_at")
    public Instant sentAt;
}
