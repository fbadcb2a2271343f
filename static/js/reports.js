// The report form shows only the fields of the chosen kind of period (all of them without script).
(function () {
  const select = document.getElementById("period");
  if (!select) return;
  const groups = document.querySelectorAll("[data-period-for]");
  function update() {
    groups.forEach((group) => {
      const kinds = group.dataset.periodFor.split(" ");
      group.classList.toggle("d-none", !kinds.includes(select.value));
    });
  }
  select.addEventListener("change", update);
  update();
})();
