namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary>Values files the tests install the chart with.</summary>
public static class ChartValues
{
    /// <summary>One namespace, two replicas, monitoring and network policy on, every flag changed from its default.</summary>
    public const string NonDefault = """
        replicas: 2
        watchNamespace: team-a
        concurrency: 8
        resyncPeriod: 5m
        logLevel: Debug
        logFormat: text
        clusterName: prod-eu
        aws:
          region: eu-west-1
        extraEnv:
          - name: AWS_ENDPOINT_URL_STS
            value: https://sts.eu-west-1.amazonaws.com
        serviceAccount:
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/stream-subscription-operator
        metrics:
          port: 9090
        health:
          port: 9091
        serviceMonitor:
          enabled: true
          labels:
            release: prometheus
        networkPolicy:
          enabled: true
          metricsFrom:
            - namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: monitoring
        """;
}
