package dev.compass.mixmodel;

/** Recovery summary on seeds from..to. Args: from to weeks noise saturation [liftSe: one lift test per channel]. */
public final class RecoveryRun {
    public static void main(String[] a) {
        long from = Long.parseLong(a[0]);
        long to = Long.parseLong(a[1]);
        long[] seeds = new long[(int) (to - from + 1)];
        for (int i = 0; i < seeds.length; i++) seeds[i] = from + i;
        SimulationAccess.recoveryAt(seeds, Integer.parseInt(a[2]), Double.parseDouble(a[3]), a[4],
                a.length > 5 ? Double.parseDouble(a[5]) : 0).forEach(System.out::println);
    }
}
