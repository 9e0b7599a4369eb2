package dev.compass.kit.observability;

import dev.compass.kit.events.PoisonMessageException;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;

/**
 * A poison message is expected input, not a failure of the service: the messaging framework's ERROR with a full stack
 * trace (about 40 lines for each one) becomes a single WARN line that keeps the reason (the framework's message names
 * the consumer and the {@link PoisonMessageException}'s text); the record itself is on the dead-letter topic. Every
 * other log record passes unchanged. Installed on the console handler ({@code quarkus.log.console.filter}).
 */
@LoggingFilter(name = "poison-messages")
public final class PoisonMessageLogFilter implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        PoisonMessageException poison = thrown == null || record.getLevel().intValue() <= Level.WARN.intValue() ? null
                : poison(thrown);
        if (poison != null) {
            String reason = String.valueOf(poison.getMessage());
            if (reason.length() > 500) {
                reason = reason.substring(0, 500) + "…";
            }
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(ext.getFormattedMessage() + ": poison message dead-lettered: " + reason,
                        ExtLogRecord.FormatStyle.NO_FORMAT);
            }
            record.setLevel(Level.WARN);
            record.setThrown(null);
        }
        return true;
    }

    static PoisonMessageException poison(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof PoisonMessageException p) {
                return p;
            }
        }
        return null;
    }
}
