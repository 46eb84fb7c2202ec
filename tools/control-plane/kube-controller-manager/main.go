// Command kube-controller-manager is the upstream Kubernetes controller manager, built from the
// k8s.io/kubernetes module pinned in go.mod. The tests run only the controllers they depend on:
// the one that type-checks ValidatingAdmissionPolicies, and those admission relies on.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
