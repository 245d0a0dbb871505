// The bench shape the speed targets refer to (Mesh Lens, Apache-2.0).
// Generates the bench file: 5 000 Istio VirtualServices (mirror, fault, retries, weighted routes), ~3.7 MB, as big.yaml in the current folder.
const fs=require('fs');
let out=[];
for(let i=0;i<5000;i++){
out.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-${i}
  namespace: ns-${i%50}
spec:
  hosts:
  - reviews-${i}.ns.svc.cluster.local
  http:
  - match:
    - headers:
        end-user:
          exact: jason
      uri:
        prefix: /api/v${i%3}
    mirror:
      host: reviews-mirror
      subset: v2
    mirrorPercentage:
      value: 10.0
    fault:
      delay:
        percentage:
          value: 0.1
        fixedDelay: 5s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: gateway-error,connect-failure
    timeout: 10s
    route:
    - destination:
        host: reviews
        subset: v2
      weight: 90
    - destination:
        host: reviews
        subset: v3
      weight: 10
`);}
fs.writeFileSync('big.yaml', out.join('---\n'));
