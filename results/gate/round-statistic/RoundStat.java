// Run from the repository root after mvn package:
//   java -cp target/benchmarks.jar results/gate/round-statistic/RoundStat.java results/gate/aa10 '.*(cost.client.cpu.java|cost.broker.cpu).*'
// (Java's single-file source launcher; not part of the build.)
import java.nio.file.Path;
import java.util.*;
import org.rabbitmqjmh.results.*;

/** For each row: sd over rounds of log(head/base), per-round value = mean of iterations vs median. */
public class RoundStat {
  static double median(double[] v) { double[] c = v.clone(); Arrays.sort(c); int n = c.length; return n % 2 == 1 ? c[n/2] : (c[n/2-1]+c[n/2])/2; }
  static double mean(double[] v) { return Arrays.stream(v).average().orElse(Double.NaN); }
  public static void main(String[] a) throws Exception {
    Path run = Path.of(a[0]);
    Map<String, JmhResult> base = new TreeMap<>(), head = new TreeMap<>();
    for (JmhResult r : JmhJson.read(run.resolve("base"))) base.put(r.key().label(), r);
    for (JmhResult r : JmhJson.read(run.resolve("head"))) head.put(r.key().label(), r);
    System.out.printf("%-95s %8s %8s %8s %8s%n", "row", "sdMean", "sdMed", "ratioMn", "ratioMd");
    for (String k : base.keySet()) {
      if (!k.matches(a.length > 1 ? a[1] : ".*")) continue;
      JmhResult b = base.get(k), h = head.get(k);
      if (h == null || !b.hasSamples()) continue;
      int n = Math.min(b.samples().length, h.samples().length);
      double[] lm = new double[n], ld = new double[n];
      for (int i = 0; i < n; i++) {
        lm[i] = Math.log(mean(h.samples()[i]) / mean(b.samples()[i]));
        ld[i] = Math.log(median(h.samples()[i]) / median(b.samples()[i]));
      }
      System.out.printf("%-95s %7.1f%% %7.1f%% %8.3f %8.3f%n", k.length() > 95 ? k.substring(0, 95) : k,
          100*sd(lm), 100*sd(ld), Math.exp(mean(lm)), Math.exp(mean(ld)));
    }
  }
  static double sd(double[] v) { double m = mean(v); double s = 0; for (double x : v) s += (x-m)*(x-m); return Math.sqrt(s/(v.length-1)); }
}
