#[test]
fn dump() {
    let t = std::fs::read_to_string("/tmp/probe/req.txt").unwrap();
    for r in t.split("\n====\n") {
        let a = super::request::parse(r.trim());
        println!("### {}", r.trim());
        for i in &a.items {
            println!("  {:?} kind={} count={:?} q={:?} prim={} creat={} with={} head={} verb={:?} phrase={:?} from={:?} to={:?}", i.class, i.kind_name(), i.count, i.qualifiers, i.primary, i.creating, i.comes_with, i.heading, i.verb, i.phrase, i.scale_from, i.scale_to);
        }
        println!(
            "  envs={:?} excl={:?} ids={:?} named={:?}",
            a.envs, a.exclusions, a.identifiers, a.named
        );
    }
}
