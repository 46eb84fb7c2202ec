// Not a program: the Go module proxy is where these machines reach the Helm charts that some
// projects keep in their Go module (charts.tsv says which chart lives where), and go.sum pins
// each module's content.
module github.com/fintech-eks-platform/tools/charts

go 1.26.0

require (
	sigs.k8s.io/aws-load-balancer-controller/v3 v3.6.2
	sigs.k8s.io/metrics-server v0.8.0
)
