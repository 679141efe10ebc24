// A manually assigned Java consumer that commits: assign() (no group membership, so no JoinGroup), read
// every record of partition 0 from the beginning, then commitSync() under group.id. Run as a single source
// file (java -cp <client jars> ManualAssignConsumer.java <config file> <topic> <count>) by the integration
// tests, to see what MSK's checks make of "without AlterGroup, consumption works but commits fail".
// Prints one line per record value, then COMMITTED or COMMIT FAILED <exception class>; exit code 0, 3
// (commit failed) or 4 (records missing).
import java.io.FileInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class ManualAssignConsumer {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (FileInputStream in = new FileInputStream(args[0])) {
      props.load(in);
    }
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<String> values = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) values.add(record.value());
      }
      values.forEach(System.out::println);
      if (values.size() < count) System.exit(4);
      try {
        consumer.commitSync();
        System.out.println("COMMITTED");
      } catch (RuntimeException e) {
        System.out.println("COMMIT FAILED " + e.getClass().getName());
        System.exit(3);
      }
    }
  }
}
