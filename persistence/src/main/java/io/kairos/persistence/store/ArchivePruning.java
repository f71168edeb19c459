package io.kairos.persistence.store;

import java.time.LocalDate;
import java.util.List;

/**
 * What a retention run removed from the event archive.
 *
 * @param droppedDays the days whose partitions were dropped, oldest first
 * @param outliersDeleted rows of the default partition older than the cut-off that were deleted
 */
public record ArchivePruning(List<LocalDate> droppedDays, long outliersDeleted) {

    public ArchivePruning {
        droppedDays = List.copyOf(droppedDays);
    }
}
