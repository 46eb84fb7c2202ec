// Command etcd is the upstream etcd server, built from the go.etcd.io/etcd/server/v3
// module pinned in go.mod (the release line Kubernetes 1.36 supports).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
