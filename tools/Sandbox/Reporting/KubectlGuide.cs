using System.Text;

namespace CrossAccountStreams.Sandbox.Reporting;

/// <summary>The kubectl commands to try against the running sandbox, ready to paste.</summary>
public static class KubectlGuide
{
    /// <param name="kubectl">How to call kubectl (a path, or <c>kubectl</c> from PATH).</param>
    /// <param name="kubeconfig">The kubeconfig path as the user should type it.</param>
    /// <param name="example">A subscription to describe and edit: namespace and name.</param>
    /// <param name="deletable">A subscription whose deletion cleans up AWS (deletionPolicy Delete).</param>
    /// <param name="operatorLog">The operator's log path as the user should type it.</param>
    public static string Render(string kubectl, string kubeconfig, (string Namespace, string Name) example, (string Namespace, string Name) deletable, string operatorLog)
    {
        var text = new StringBuilder();
        text.Append("Try it (in another terminal, from this folder):\n\n");
        text.Append("  export KUBECONFIG=").Append(kubeconfig).Append('\n');
        text.Append("  ").Append(kubectl).Append(" get ssub -A\n");
        text.Append("  ").Append(kubectl).Append(" get ssub -A -o wide\n");
        text.Append("  ").Append(kubectl).Append(" get awsaccounts\n");
        text.Append("  ").Append(kubectl).Append(" describe ssub -n ").Append(example.Namespace).Append(' ').Append(example.Name).Append('\n');
        text.Append('\n');
        text.Append("  # change the batch size and watch the operator update the event source mapping:\n");
        text.Append("  ").Append(kubectl).Append(" patch ssub -n ").Append(example.Namespace).Append(' ').Append(example.Name)
            .Append(" --type merge -p '{\"spec\":{\"mapping\":{\"batchSize\":50}}}'\n");
        text.Append("  ").Append(kubectl).Append(" edit ssub -n ").Append(example.Namespace).Append(' ').Append(example.Name)
            .Append("    # or edit spec.mapping.batchSize by hand\n");
        text.Append('\n');
        text.Append("  # delete one and watch the cleanup (the mapping and the policy statement go away, then the object):\n");
        text.Append("  ").Append(kubectl).Append(" get ssub -A -w    # leave this running in one terminal\n");
        text.Append("  ").Append(kubectl).Append(" delete ssub -n ").Append(deletable.Namespace).Append(' ').Append(deletable.Name).Append("    # and this in another\n");
        text.Append('\n');
        text.Append("  ").Append(kubectl).Append(" wait --for=condition=Ready ssub --all -A --timeout=60s\n");
        text.Append("  tail -f ").Append(operatorLog).Append("    # the operator's log\n");
        return text.ToString();
    }
}
