// primedoc: the book's contents, shared by every page.
(function () {
  var chapters = [
["introduction.html","Why this guide",0],
["importing.html","Importing a buffer",0],
["never-touch-the-pages.html","Never touch the pages",0],
["mapping-for-userspace.html","Mapping for userspace",0],
["mapping.html","Mapping for the kernel",0],
["no-iommu.html","Devices without an IOMMU or GART",0],
["dynamic-importers.html","Dynamic importers",0],
["synchronisation.html","Synchronisation",0],
["hypervisors.html","Hypervisors",0],
["case-study-vgem-vmwgfx.html","Case study: vgem → vmwgfx",0],
["checklist.html","The importer's checklist",0],
["messages.html","Messages you may meet",0],
["own-importer.html","Writing your own importer in the model",0],
["kernel-doc-proposal.html","A proposed addition to the kernel's documentation",0],
["real-kernel.html","Checked on a real kernel",0],
["history.html","What changed when",0]
  ];
  var list = document.currentScript && document.currentScript.previousElementSibling;
  if (!list) { return; }
  var root = document.body.dataset.root || "";
  var current = list.dataset.current;
  chapters.forEach(function (chapter) {
    var item = document.createElement("li");
    item.className = "depth-" + chapter[2];
    var link = document.createElement("a");
    link.href = root + chapter[0];
    link.textContent = chapter[1];
    if (chapter[0] === current) { link.setAttribute("aria-current", "page"); }
    item.appendChild(link);
    list.appendChild(item);
  });
})();
